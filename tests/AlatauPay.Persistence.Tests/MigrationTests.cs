using AlatauPay.Persistence.Sqlite;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

public sealed class MigrationTests(SqliteStore store) : IClassFixture<SqliteStore>
{
    [Fact]
    public async Task RunningMigrationsAgainAppliesNothing()
    {
        var applied = await store.Services.GetRequiredService<SqliteMigrator>().MigrateAsync(CancellationToken.None);

        Assert.Empty(applied);
    }

    [Fact]
    public async Task TheFileIsInWriteAheadLogMode()
    {
        await using var connection = await store.OpenRawAsync();

        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task EveryMigrationIsRecorded()
    {
        await using var connection = await store.OpenRawAsync();

        var versions = (await connection.QueryAsync<string>("SELECT version FROM schema_migrations")).ToList();

        Assert.Contains("0001_initial", versions);
    }
}
