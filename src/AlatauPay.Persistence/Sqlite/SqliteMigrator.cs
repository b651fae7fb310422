using System.Reflection;
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
            var applied = (await connection.QueryAsync<string>("SELECT version FROM schema_migrations")).ToHashSet();
            var newlyApplied = new List<string>();
            foreach (var (version, sql) in Scripts().Where(s => !applied.Contains(s.Version)))
            {
                await using var transaction = connection.BeginTransaction(deferred: false);
                await connection.ExecuteAsync(sql, transaction: transaction);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at)",
                    new { version, at = StoredValues.Time(DateTimeOffset.UtcNow) },
                    transaction);
                await transaction.CommitAsync(cancellationToken);
                newlyApplied.Add(version);
            }

            return newlyApplied;
        }
        finally
        {
            database.WriteGate.Release();
        }
    }

    private static IEnumerable<(string Version, string Sql)> Scripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name[Prefix.Length..^".sql".Length], reader.ReadToEnd());
        }
    }
}
