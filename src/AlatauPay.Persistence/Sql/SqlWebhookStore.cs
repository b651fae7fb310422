using System.Data.Common;
using AlatauPay.Application.Ports;
using Dapper;

namespace AlatauPay.Persistence.Sql;

internal sealed partial class SqlWebhookStore(IStoreSession session, SqlDialect dialect) : IWebhookStore
{
    private const string SelectEndpoint =
        """
        SELECT id, url, event_types AS EventTypes, departments, secret, previous_secret AS PreviousSecret,
               previous_secret_until AS PreviousSecretUntil, status, disabled_reason AS DisabledReason,
               failing_since AS FailingSince, created_at AS CreatedAt
        FROM webhook_endpoints
        """;

    public async Task AddEndpointAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO webhook_endpoints (id, url, event_types, departments, secret, status, after_event_seq, created_at)
            VALUES (@Id, @Url, @EventTypes, @Departments, @Secret, @Status, (SELECT coalesce(max(seq), 0) FROM outbox_events), @CreatedAt)
            """,
            EndpointRow.From(endpoint),
            transaction);
    }

    public async Task<WebhookEndpoint?> FindEndpointAsync(string id, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<EndpointRow>(
            $"{SelectEndpoint} WHERE id = @id AND status <> 'deleted'", new { id }, session.Transaction);
        return row?.ToEndpoint();
    }

    public async Task<IReadOnlyList<WebhookEndpoint>> ListEndpointsAsync(int limit, string? startingAfter, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EndpointRow>(
            $"""
            {SelectEndpoint}
            WHERE status <> 'deleted' AND (@after IS NULL OR seq < (SELECT seq FROM webhook_endpoints WHERE id = @after))
            ORDER BY seq DESC LIMIT @limit
            """,
            new { after = startingAfter, limit },
            session.Transaction);
        return [.. rows.Select(r => r.ToEndpoint())];
    }

    public async Task UpdateEndpointAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        await connection.ExecuteAsync(
            $"""
            UPDATE webhook_endpoints
            SET secret = @Secret, previous_secret = @PreviousSecret, previous_secret_until = @PreviousSecretUntil,
                status = @Status, disabled_reason = @DisabledReason, failing_since = @FailingSince,
                -- Turning an endpoint (back) on starts it at the present, as registering one does: what happened
                -- while it was off is in /v1/events, and is not delivered.
                after_event_seq = CASE WHEN status <> 'enabled' AND @Status = 'enabled'
                                       THEN {dialect.Greatest}(after_event_seq, coalesce((SELECT max(seq) FROM outbox_events), 0))
                                       ELSE after_event_seq END
            WHERE id = @Id
            """,
            EndpointRow.From(endpoint),
            transaction);
    }

    private static readonly object NoParameters = new();

    public async Task<int> FanOutAsync(int batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Read before writing: most passes find nothing to do, and must not take the write lock (and a
        // disk flush) to learn it. With no enabled endpoint the cursor is left where it is; an endpoint
        // only ever receives events after its own after_event_seq, so catching up later delivers nothing twice.
        var connection = await session.ConnectionAsync(cancellationToken);
        // Each pass that a commit wakes runs these three on a pooled connection, so they are prepared there once.
        // The endpoints are asked first: with none enabled the cursor stays put, and the events behind it would
        // otherwise be walked, up to a batch of them, on every pass.
        if (!await connection.ExecutePreparedScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE status = 'enabled')", NoParameters, session.Transaction, cancellationToken))
        {
            return 0;
        }

        var from = await connection.ExecutePreparedScalarAsync<long>(
            "SELECT last_event_seq FROM webhook_fanout WHERE id = 1", NoParameters, session.Transaction, cancellationToken);
        var to = await connection.ExecutePreparedScalarAsync<long?>(
            "SELECT max(seq) FROM (SELECT seq FROM outbox_events WHERE seq > @from ORDER BY seq LIMIT @batch) AS batch",
            new { from, batch },
            session.Transaction,
            cancellationToken);
        if (to is null)
        {
            return 0;
        }

        // The reads above ran on a pooled connection; the writes run on the write transaction's own.
        DbTransaction transaction;
        (connection, transaction) = await session.WriteAsync(cancellationToken);
        var cursor = await connection.ExecuteScalarAsync<long>(
            $"SELECT last_event_seq FROM webhook_fanout WHERE id = 1{dialect.ForUpdate}", transaction: transaction);
        if (cursor != from)
        {
            return 1;
        }

        // Delivery rows are numbered in event order, which is the order each endpoint receives them in.
        await connection.ExecuteAsync(
            $"""
            INSERT INTO webhook_deliveries (id, endpoint_id, event_id, status, attempts, next_attempt_at, created_at)
            SELECT 'dlv_' || {dialect.RandomHex}, e.id, ev.id, 'pending', 0, @now, @now
            FROM outbox_events ev
            JOIN webhook_endpoints e ON e.status = 'enabled' AND ev.seq > e.after_event_seq
            LEFT JOIN invoices i ON i.id = ev.invoice_id
            WHERE ev.seq > @from AND ev.seq <= @to
              AND {dialect.Position}(' ' || e.event_types || ' ', ' ' || ev.type || ' ') > 0
              AND (e.departments IS NULL OR {dialect.Position}(' ' || e.departments || ' ', ' ' || i.department_code || ' ') > 0)
            ORDER BY ev.seq, e.seq
            """,
            new { from, to, now = StoredValues.Time(now) },
            transaction);
        await connection.ExecuteAsync("UPDATE webhook_fanout SET last_event_seq = @to WHERE id = 1", new { to }, transaction);
        return (int)await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM outbox_events WHERE seq > @from AND seq <= @to", new { from, to }, transaction);
    }

    public async Task<IReadOnlyList<DueDelivery>> ListDueAsync(
        DateTimeOffset now, IReadOnlyCollection<string> busyEndpoints, int limit, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        // Every pass asks this; its text is the same whatever is busy, so SQLite keeps it prepared.
        var rows = await connection.QueryPreparedAsync<DueRow>(
            $"""
            SELECT d.id AS DeliveryId, d.endpoint_id AS EndpointId, d.attempts, ev.id AS EventId, ev.payload
            FROM webhook_endpoints e
            JOIN webhook_deliveries d ON d.seq =
                (SELECT min(x.seq) FROM webhook_deliveries x WHERE x.endpoint_id = e.id AND x.status = 'pending')
            JOIN outbox_events ev ON ev.id = d.event_id
            WHERE e.status = 'enabled' AND d.next_attempt_at <= @now AND {dialect.NotIn("e.id", "@busy")}
            ORDER BY d.next_attempt_at
            LIMIT @limit
            """,
            new { now = StoredValues.Time(now), busy = dialect.List(busyEndpoints), limit },
            session.Transaction,
            cancellationToken);
        return [.. rows.Select(r => new DueDelivery(r.DeliveryId, r.EndpointId, (int)r.Attempts, r.EventId, r.Payload))];
    }

    private sealed record DueRow(string DeliveryId, string EndpointId, long Attempts, string EventId, string Payload);
}
