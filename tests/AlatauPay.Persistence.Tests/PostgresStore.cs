using System.Data.Common;
using AlatauPay.Persistence.Postgres;
using AlatauPay.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AlatauPay.Persistence.Tests;

/// <summary>A migrated database on a real PostgreSQL server started for the test class.</summary>
public sealed class PostgresStore : StoreFixture
{
    private PostgresServer? server;
    private string connectionString = "";

    protected override async Task<StorageOptions> StartAsync()
    {
        server = await PostgresServer.StartAsync();
        connectionString = await server.CreateDatabaseAsync("store");
        return new StorageOptions { Provider = "postgres", ConnectionString = connectionString };
    }

    protected override async Task StopAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    public override async Task<DbConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public override Task<IReadOnlyList<string>> MigrateAgainAsync() =>
        Services.GetRequiredService<PostgresMigrator>().MigrateAsync(CancellationToken.None);
}
