using AlatauPay.Application.Ports;
using Dapper;

namespace AlatauPay.Persistence.Sql;

internal sealed partial class SqlWebhookStore
{
    private const string SelectDelivery =
        """
        SELECT d.id, d.endpoint_id AS EndpointId, d.event_id AS EventId, ev.type AS EventType, d.status,
               d.next_attempt_at AS NextAttemptAt, d.created_at AS CreatedAt
        FROM webhook_deliveries d JOIN outbox_events ev ON ev.id = d.event_id
        """;

    public async Task<WebhookDelivery?> FindDeliveryAsync(string endpointId, string deliveryId, CancellationToken cancellationToken)
    {
        var found = await LoadDeliveriesAsync($"{SelectDelivery} WHERE d.endpoint_id = @endpointId AND d.id = @deliveryId", new { endpointId, deliveryId }, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string endpointId, int limit, string? startingAfter, CancellationToken cancellationToken) =>
        LoadDeliveriesAsync(
            $"""
            {SelectDelivery}
            WHERE d.endpoint_id = @endpointId AND (@after IS NULL OR d.seq < (SELECT seq FROM webhook_deliveries WHERE id = @after))
            ORDER BY d.seq DESC LIMIT @limit
            """,
            new { endpointId, after = startingAfter, limit },
            cancellationToken);

    public async Task<string> AddDeliveryAsync(string endpointId, string eventId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string>(
            $"""
            INSERT INTO webhook_deliveries (id, endpoint_id, event_id, status, attempts, next_attempt_at, created_at)
            VALUES ('dlv_' || {dialect.RandomHex}, @endpointId, @eventId, 'pending', 0, @now, @now)
            RETURNING id
            """,
            new { endpointId, eventId, now = StoredValues.Time(now) },
            transaction) ?? throw new InvalidOperationException("The delivery was not added.");
    }

    public async Task<bool> RecordAttemptAsync(
        string deliveryId, DeliveryAttempt attempt, string status, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(
            """
            UPDATE webhook_deliveries SET status = @status, attempts = @number, next_attempt_at = @next, last_attempt_at = @at
            WHERE id = @deliveryId AND attempts = @number - 1 AND status = 'pending'
            """,
            new { deliveryId, status, number = attempt.Number, next = StoredValues.Time(nextAttemptAt), at = StoredValues.Time(attempt.AttemptedAt) },
            transaction);
        if (updated == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO webhook_attempts (delivery_id, number, attempted_at, status_code, error, duration_ms)
            VALUES (@deliveryId, @Number, @at, @StatusCode, @Error, @DurationMs)
            """,
            new { deliveryId, attempt.Number, at = StoredValues.Time(attempt.AttemptedAt), attempt.StatusCode, attempt.Error, attempt.DurationMs },
            transaction);
        return true;
    }

    private async Task<IReadOnlyList<WebhookDelivery>> LoadDeliveriesAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<DeliveryRow>(sql, parameters, session.Transaction)).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var attempts = (await connection.QueryAsync<AttemptRow>(
            $"""
            SELECT delivery_id AS DeliveryId, number, attempted_at AS AttemptedAt, status_code AS StatusCode, error, duration_ms AS DurationMs
            FROM webhook_attempts WHERE {dialect.In("delivery_id", "@ids")} ORDER BY number
            """,
            new { ids = rows.Select(r => r.Id).ToArray() },
            session.Transaction)).ToLookup(a => a.DeliveryId);
        return [.. rows.Select(r => new WebhookDelivery(
            r.Id, r.EndpointId, r.EventId, r.EventType, r.Status, StoredValues.Time(r.NextAttemptAt), StoredValues.Time(r.CreatedAt),
            [.. attempts[r.Id].Select(a => new DeliveryAttempt(
                (int)a.Number, StoredValues.Time(a.AttemptedAt), a.StatusCode is null ? null : (int)a.StatusCode, a.Error, a.DurationMs))]))];
    }

    private sealed record DeliveryRow(string Id, string EndpointId, string EventId, string EventType, string Status, string NextAttemptAt, string CreatedAt);

    private sealed record AttemptRow(string DeliveryId, long Number, string AttemptedAt, long? StatusCode, string? Error, long DurationMs);
}
