using System.Data.Common;
using System.Reflection;
using Dapper;

namespace AlatauPay.Persistence.Sql;

/// <summary>The embedded, numbered SQL scripts of one engine, and applying those not yet recorded in <c>schema_migrations</c>.</summary>
internal static class MigrationScripts
{
    /// <summary>
    /// Applies each script not yet recorded, with its record, in a transaction of its own from <paramref name="begin"/>.
    /// The caller has created <c>schema_migrations</c> and holds the engine's migration lock.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(
        DbConnection connection, string prefix, Func<ValueTask<DbTransaction>> begin, CancellationToken cancellationToken)
    {
        var applied = (await connection.QueryAsync<string>("SELECT version FROM schema_migrations")).ToHashSet();
        var newlyApplied = new List<string>();
        foreach (var (version, sql) in Read(prefix).Where(s => !applied.Contains(s.Version)))
        {
            await using var transaction = await begin();
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

    private static IEnumerable<(string Version, string Sql)> Read(string prefix)
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name[prefix.Length..^".sql".Length], reader.ReadToEnd());
        }
    }
}
