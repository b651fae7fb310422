using AlatauPay.Application.Ports;
using Dapper;

namespace AlatauPay.Persistence.Postgres;

/// <summary>Leases in the <c>leases</c> table (migration 0002), timed by the database's clock.</summary>
public sealed class PostgresLeaseStore(PostgresDatabase database) : ILeaseStore
{
    public async Task<Lease?> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LeaseRow>(
            """
            INSERT INTO leases (name, holder, token, expires_at)
            VALUES (@name, @holder, 1, clock_timestamp() + @milliseconds * interval '1 millisecond')
            ON CONFLICT (name) DO UPDATE
            SET token = CASE WHEN leases.holder = excluded.holder AND leases.expires_at > clock_timestamp()
                             THEN leases.token ELSE leases.token + 1 END,
                holder = excluded.holder,
                expires_at = excluded.expires_at
            WHERE leases.holder IS NULL OR leases.holder = excluded.holder OR leases.expires_at <= clock_timestamp()
            RETURNING token, expires_at AS ExpiresAt
            """,
            new { name, holder, milliseconds = (long)duration.TotalMilliseconds });
        return row is null ? null : new Lease(name, holder, row.Token, row.ExpiresAtUtc);
    }

    public async Task<Lease?> RenewAsync(Lease lease, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LeaseRow>(
            """
            UPDATE leases SET expires_at = clock_timestamp() + @milliseconds * interval '1 millisecond'
            WHERE name = @Name AND holder = @Holder AND token = @Token
            RETURNING token, expires_at AS ExpiresAt
            """,
            new { lease.Name, lease.Holder, lease.Token, milliseconds = (long)duration.TotalMilliseconds });
        return row is null ? null : lease with { ExpiresAt = row.ExpiresAtUtc };
    }

    public async Task ReleaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE leases SET holder = NULL, expires_at = clock_timestamp() WHERE name = @Name AND holder = @Holder AND token = @Token",
            new { lease.Name, lease.Holder, lease.Token });
    }

    private sealed class LeaseRow
    {
        public long Token { get; set; }

        public DateTime ExpiresAt { get; set; }

        public DateTimeOffset ExpiresAtUtc => new(DateTime.SpecifyKind(ExpiresAt, DateTimeKind.Utc));
    }
}
