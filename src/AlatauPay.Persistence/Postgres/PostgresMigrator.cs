using AlatauPay.Persistence.Sql;
using Dapper;

namespace AlatauPay.Persistence.Postgres;

/// <summary>
/// Applies the embedded, numbered SQL scripts not yet recorded in <c>schema_migrations</c>, each in its own
/// transaction, under an advisory lock so that gateway instances starting together migrate once.
/// </summary>
public sealed class PostgresMigrator(PostgresDatabase database)
{
    private const string Prefix = "AlatauPay.Persistence.Migrations.Postgres.";
    private const long MigrationLock = 0x616C_6174_6175_01;

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_lock(@MigrationLock)", new { MigrationLock });
        try
        {
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at text NOT NULL)");
            return await MigrationScripts.ApplyAsync(
                connection, Prefix, async () => await connection.BeginTransactionAsync(cancellationToken), cancellationToken);
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@MigrationLock)", new { MigrationLock });
        }
    }
}
