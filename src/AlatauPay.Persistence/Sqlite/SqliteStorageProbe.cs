using AlatauPay.Application.Ports;
using Dapper;

namespace AlatauPay.Persistence.Sqlite;

public sealed class SqliteStorageProbe(SqliteDatabase database) : IStorageProbe
{
    public string Describe() => $"sqlite ({Path.GetFileName(database.DataSource)})";

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_migrations");
    }
}
