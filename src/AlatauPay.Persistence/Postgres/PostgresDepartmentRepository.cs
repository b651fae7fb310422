using AlatauPay.Domain.Departments;
using AlatauPay.Persistence.Sql;

namespace AlatauPay.Persistence.Postgres;

internal sealed class PostgresDepartmentRepository : SqlDepartmentRepository
{
    private readonly PostgresSession session;

    public PostgresDepartmentRepository(PostgresSession session)
        : base(session, SqlDialect.Postgres) => this.session = session;

    /// <summary>
    /// One invoice takes an index per chain, in the order of its payment methods; locking all of the
    /// department's wallets at once, ordered by chain, keeps two invoices from locking them crosswise. The
    /// lock is taken by the first take of the transaction itself: its condition does not depend on the row, so
    /// PostgreSQL evaluates it once, before the update reads a row, and the wallets are locked in chain order
    /// before the one updated, in one round trip instead of two.
    /// </summary>
    protected override string TakeIndexStatement(DepartmentCode code) =>
        session.FirstLockOf($"department-wallets:{code.Value}") ? LockAllThenTakeIndex : TakeIndex;

    private const string LockAllThenTakeIndex =
        """
        WITH wallets AS (SELECT chain FROM department_wallets WHERE department_code = @code ORDER BY chain FOR UPDATE)
        UPDATE department_wallets SET next_index = next_index + 1
        WHERE department_code = @code AND chain = @chain AND (SELECT count(*) FROM wallets) > 0
        RETURNING next_index - 1
        """;
}
