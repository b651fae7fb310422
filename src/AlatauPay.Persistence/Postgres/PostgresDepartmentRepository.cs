using AlatauPay.Domain.Departments;
using AlatauPay.Persistence.Sql;
using Dapper;

namespace AlatauPay.Persistence.Postgres;

internal sealed class PostgresDepartmentRepository : SqlDepartmentRepository
{
    private readonly PostgresSession session;

    public PostgresDepartmentRepository(PostgresSession session)
        : base(session, SqlDialect.Postgres) => this.session = session;

    /// <summary>
    /// One invoice takes an index per chain, in the order of its payment methods; locking all of the
    /// department's wallets at once, ordered by chain, keeps two invoices from locking them crosswise.
    /// </summary>
    protected override async ValueTask LockWalletsAsync(DepartmentCode code, CancellationToken cancellationToken)
    {
        if (session.FirstLockOf($"department-wallets:{code.Value}"))
        {
            var transaction = await session.WriteTransactionAsync(cancellationToken);
            await transaction.Connection!.ExecuteAsync(
                "SELECT chain FROM department_wallets WHERE department_code = @code ORDER BY chain FOR UPDATE",
                new { code = code.Value },
                transaction);
        }
    }
}
