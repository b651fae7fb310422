using System.Reflection;
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
            var applied = (await connection.QueryAsync<string>("SELECT version FROM schema_migrations")).ToHashSet();
            var newlyApplied = new List<string>();
            foreach (var (version, sql) in Scripts().Where(s => !applied.Contains(s.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
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
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@MigrationLock)", new { MigrationLock });
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
