using AlatauPay.Application.Ports;
using Dapper;

namespace AlatauPay.Persistence.Postgres;

public sealed class PostgresStorageProbe(PostgresDatabase database) : IStorageProbe
{
    public string Describe() => $"postgres ({database.Database} at {database.Host})";

    public bool IsOutage(Exception failure) => PostgresFailures.IsOutage(failure);

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM schema_migrations", cancellationToken: cancellationToken));
    }
}
