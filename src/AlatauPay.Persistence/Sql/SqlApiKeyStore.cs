using AlatauPay.Application.Ports;
using Dapper;

namespace AlatauPay.Persistence.Sql;

internal sealed class SqlApiKeyStore(IStoreSession session) : IApiKeyStore
{
    private const string Select =
        "SELECT id, secret_hash AS SecretHash, hint, scopes, departments, created_at AS CreatedAt, revoked_at AS RevokedAt FROM api_keys";

    public async Task AddAsync(StoredApiKey key, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO api_keys (id, secret_hash, hint, scopes, departments, created_at)
            VALUES (@id, @hash, @hint, @scopes, @departments, @at)
            """,
            new
            {
                id = key.Id,
                hash = key.SecretHash,
                hint = key.Hint,
                scopes = string.Join(' ', key.Scopes),
                departments = key.Departments is null ? null : string.Join(' ', key.Departments),
                at = StoredValues.Time(key.CreatedAt),
            },
            transaction);
    }

    public Task<StoredApiKey?> FindByHashAsync(string secretHash, CancellationToken cancellationToken) =>
        FindOneAsync($"{Select} WHERE secret_hash = @secretHash", new { secretHash }, cancellationToken);

    public Task<StoredApiKey?> FindAsync(string id, CancellationToken cancellationToken) =>
        FindOneAsync($"{Select} WHERE id = @id", new { id }, cancellationToken);

    public async Task<IReadOnlyList<StoredApiKey>> ListAsync(int limit, string? startingAfter, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<KeyRow>(
            $"{Select} WHERE @after IS NULL OR seq < (SELECT seq FROM api_keys WHERE id = @after) ORDER BY seq DESC LIMIT @limit",
            new { after = startingAfter, limit },
            session.Transaction);
        return [.. rows.Select(r => r.ToKey())];
    }

    public async Task<bool> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL",
            new { id, at = StoredValues.Time(at) },
            transaction) > 0;
    }

    private async Task<StoredApiKey?> FindOneAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(sql, parameters, session.Transaction);
        return row?.ToKey();
    }

    private sealed record KeyRow(string Id, string SecretHash, string Hint, string Scopes, string? Departments, string CreatedAt, string? RevokedAt)
    {
        public StoredApiKey ToKey() => new(
            Id,
            SecretHash,
            Hint,
            Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Departments?.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            StoredValues.Time(CreatedAt),
            RevokedAt is null ? null : StoredValues.Time(RevokedAt));
    }
}
