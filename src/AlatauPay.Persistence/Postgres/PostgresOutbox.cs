using System.Data.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Persistence.Sql;

namespace AlatauPay.Persistence.Postgres;

internal sealed class PostgresOutbox : SqlOutbox
{
    private readonly PostgresSession session;

    public PostgresOutbox(PostgresSession session, IOutboxSignal? signal = null, IInvoiceStatusFeed? statusFeed = null)
        : base(session, signal, statusFeed) => this.session = session;

    /// <summary>The dispatcher fans events out through a sequence cursor: they must commit in sequence order.</summary>
    protected override async ValueTask<DbTransaction> EventTransactionAsync(CancellationToken cancellationToken) =>
        await session.OrderedWriteTransactionAsync(cancellationToken);
}
