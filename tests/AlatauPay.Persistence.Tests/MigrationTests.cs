using Dapper;

namespace AlatauPay.Persistence.Tests;

public abstract class MigrationTests(StoreFixture store)
{
    [Fact]
    public async Task RunningMigrationsAgainAppliesNothing()
    {
        var applied = await store.MigrateAgainAsync();

        Assert.Empty(applied);
    }

    [Fact]
    public async Task EveryMigrationIsRecorded()
    {
        await using var connection = await store.OpenRawAsync();

        var versions = (await connection.QueryAsync<string>("SELECT version FROM schema_migrations")).ToList();

        Assert.Contains("0001_initial", versions);
    }
}

public sealed class SqliteMigrationTests(SqliteStore store) : MigrationTests(store), IClassFixture<SqliteStore>
{
    [Fact]
    public async Task TheFileIsInWriteAheadLogMode()
    {
        await using var connection = await store.OpenRawAsync();

        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }
}

public sealed class PostgresMigrationTests(PostgresStore store) : MigrationTests(store), IClassFixture<PostgresStore>
{
    [Fact]
    public async Task AmountsAreExactNumericColumns()
    {
        await using var connection = await store.OpenRawAsync();

        var types = await connection.QueryAsync<string>(
            """
            SELECT DISTINCT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.relkind = 'r' AND a.attname LIKE '%minor' AND NOT a.attisdropped
            """);

        Assert.Equal(["numeric(78,0)"], types);
    }
}
