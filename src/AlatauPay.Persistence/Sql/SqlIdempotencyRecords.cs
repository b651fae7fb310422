using AlatauPay.Application.Ports;
using Dapper;

namespace AlatauPay.Persistence.Sql;

internal sealed class SqlIdempotencyRecords(IStoreSession session, SqlDialect dialect) : IIdempotencyRecords
{
    public async Task<IdempotentResponse?> FindAsync(string owner, string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var row = await connection.QueryPreparedSingleOrDefaultAsync<RecordRow>(
            """
            SELECT fingerprint, status, content_type AS ContentType, location, body FROM idempotency_records
            WHERE owner = @owner AND idempotency_key = @key AND expires_at > @now
            """,
            new { owner, key, now = StoredValues.Time(now) },
            session.Transaction,
            cancellationToken);
        return row is null ? null : new IdempotentResponse(row.Fingerprint, (int)row.Status, row.ContentType, row.Location, row.Body);
    }

    public async Task<bool> AddAsync(
        string owner, string key, IdempotentResponse response, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        // The primary key, not the gate's marks, is what finally keeps a key to one effect: a record still in
        // force is left as it is (no row changes), and only an expired one is taken over.
        return await connection.ExecutePreparedAsync(
            """
            INSERT INTO idempotency_records (owner, idempotency_key, fingerprint, status, content_type, location, body, created_at, expires_at)
            VALUES (@owner, @key, @fingerprint, @status, @contentType, @location, @body, @createdAt, @expiresAt)
            ON CONFLICT (owner, idempotency_key) DO UPDATE SET
                fingerprint = excluded.fingerprint, status = excluded.status, content_type = excluded.content_type,
                location = excluded.location, body = excluded.body, created_at = excluded.created_at, expires_at = excluded.expires_at
            WHERE idempotency_records.expires_at <= excluded.created_at
            """,
            new
            {
                owner,
                key,
                fingerprint = response.Fingerprint,
                status = response.Status,
                contentType = response.ContentType,
                location = response.Location,
                body = response.Body,
                createdAt = StoredValues.Time(now),
                expiresAt = StoredValues.Time(expiresAt),
            },
            transaction,
            cancellationToken) == 1;
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        var row = dialect.RowKey("owner, idempotency_key");
        return await connection.ExecuteAsync(
            $"""
            DELETE FROM idempotency_records WHERE ({row}) IN
                (SELECT {row} FROM idempotency_records WHERE expires_at <= @now ORDER BY expires_at LIMIT @limit)
            """,
            new { now = StoredValues.Time(now), limit },
            transaction);
    }

    private sealed record RecordRow(string Fingerprint, long Status, string? ContentType, string? Location, byte[] Body);
}
