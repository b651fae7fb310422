using System.Data.Common;
using AlatauPay.Application.Ports;
using Dapper;

namespace AlatauPay.Persistence.Sql;

/// <summary>The outbox on either engine; PostgreSQL writes its events in a transaction of its own choosing (<see cref="EventTransactionAsync"/>).</summary>
internal class SqlOutbox(IStoreSession session, IOutboxSignal? signal = null, IInvoiceStatusFeed? statusFeed = null) : IOutbox
{
    public async Task AddAsync(OutboxEvent outboxEvent, CancellationToken cancellationToken)
    {
        var transaction = await EventTransactionAsync(cancellationToken);
        await (transaction.Connection ?? throw new InvalidOperationException("The event's transaction has ended.")).ExecutePreparedAsync(
            "INSERT INTO outbox_events (id, type, invoice_id, payload, created_at) VALUES (@id, @type, @invoice, @payload, @at)",
            new { id = outboxEvent.Id, type = outboxEvent.Type, invoice = outboxEvent.InvoiceId, payload = outboxEvent.Payload, at = StoredValues.Time(outboxEvent.CreatedAt) },
            transaction,
            cancellationToken);
        if (signal is not null)
        {
            session.AfterCommit(signal.Notify);
        }

        if (statusFeed is not null && outboxEvent.InvoiceId is { } invoiceId)
        {
            session.AfterCommit(() => statusFeed.Publish(invoiceId));
        }
    }

    public async Task<IReadOnlyList<OutboxEvent>> ListByInvoiceAsync(string invoiceId, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(
            "SELECT id, type, invoice_id AS InvoiceId, payload, created_at AS CreatedAt FROM outbox_events WHERE invoice_id = @invoiceId ORDER BY seq",
            new { invoiceId },
            session.Transaction);
        return [.. rows.Select(r => new OutboxEvent(r.Id, r.Type, r.InvoiceId, r.Payload, StoredValues.Time(r.CreatedAt)))];
    }

    /// <summary>The transaction an event is written in: the unit of work's write transaction.</summary>
    protected virtual ValueTask<DbTransaction> EventTransactionAsync(CancellationToken cancellationToken) => session.WriteTransactionAsync(cancellationToken);

    private sealed record EventRow(string Id, string Type, string? InvoiceId, string Payload, string CreatedAt);
}
