using AlatauPay.Persistence.Sql;

namespace AlatauPay.Persistence.Postgres;

internal sealed class PostgresInvoiceRepository : SqlInvoiceRepository
{
    private readonly PostgresSession session;

    public PostgresInvoiceRepository(PostgresSession session)
        : base(session, SqlDialect.Postgres) => this.session = session;

    /// <summary>Deposit targets are read by the watcher through a sequence cursor: they must commit in sequence order.</summary>
    protected override async ValueTask BeforeDepositTargetsAsync(CancellationToken cancellationToken) =>
        await session.OrderedWriteTransactionAsync(cancellationToken);
}
