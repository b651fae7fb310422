using System.Data.Common;
using AlatauPay.Persistence.Sql;
using Dapper;

namespace AlatauPay.Persistence.Sqlite;

/// <summary>Applies the embedded, numbered SQL scripts not yet recorded in <c>schema_migrations</c>, each in its own transaction.</summary>
public sealed class SqliteMigrator(SqliteDatabase database)
{
    private const string Prefix = "AlatauPay.Persistence.Migrations.Sqlite.";

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        await database.WriteGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT;");
            return await MigrationScripts.ApplyAsync(
                connection, Prefix, () => ValueTask.FromResult<DbTransaction>(connection.BeginTransaction(deferred: false)), cancellationToken);
        }
        finally
        {
            database.WriteGate.Release();
        }
    }
}
