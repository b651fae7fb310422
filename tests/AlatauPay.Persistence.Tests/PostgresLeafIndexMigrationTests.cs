using AlatauPay.Application.Ledger.Transparency;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;
using AlatauPay.Domain.Ledger.Transparency;
using AlatauPay.Persistence.Postgres;
using AlatauPay.Persistence.Sqlite;
using AlatauPay.Testing;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AlatauPay.Persistence.Tests;

/// <summary>PostgreSQL migration 0006 moves each entry's leaf number from <c>ledger_leaves</c> into its row: a ledger written before keeps its tree.</summary>
public sealed class PostgresLeafIndexMigrationTests : IAsyncLifetime
{
    /// <summary>How the store writes times (StoredValues is the store's own).</summary>
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private PostgresServer server = null!;
    private string connectionString = "";

    public async Task InitializeAsync()
    {
        server = await PostgresServer.StartAsync();
        connectionString = await server.CreateDatabaseAsync("leafmove");
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task LeavesStoredInTheirOwnTableKeepTheirNumbersAndTheTreeGrowsOnFromThem()
    {
        var before = new[] { Entry("before-1"), Entry("before-2") };
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await ApplyScriptsBeforeAsync(connection, "0006");
            await WriteTheOldWayAsync(connection, before);
        }

        await using var services = new ServiceCollection()
            .AddAlatauPersistence(new StorageOptions { Provider = "postgres", ConnectionString = connectionString })
            .BuildServiceProvider();
        var applied = await services.GetRequiredService<PostgresMigrator>().MigrateAsync(CancellationToken.None);
        var appended = await InScopeAsync(services, async sp =>
        {
            var unitOfWork = sp.GetRequiredService<IUnitOfWork>();
            await unitOfWork.BeginAsync(CancellationToken.None);
            var id = await sp.GetRequiredService<ILedgerRepository>().TryAppendAsync(Entry("after-upgrade"), CancellationToken.None);
            await unitOfWork.CommitAsync(CancellationToken.None);
            return id!.Value;
        });

        Assert.Contains(applied, v => v.StartsWith("0006", StringComparison.Ordinal));
        var leaves = await InScopeAsync(services, async sp =>
        {
            var log = sp.GetRequiredService<ITransparencyLog>();
            return new[] { await log.LeafIndexOfAsync(1, CancellationToken.None), await log.LeafIndexOfAsync(2, CancellationToken.None), await log.LeafIndexOfAsync(appended, CancellationToken.None) };
        });
        Assert.Equal([0L, 1L, 2L], leaves);
        var (size, root) = await InScopeAsync(services, async sp =>
        {
            var log = sp.GetRequiredService<ITransparencyLog>();
            var treeSize = await log.SizeAsync(CancellationToken.None);
            return (treeSize, await log.ComputeAsync(nodes => MerkleProofs.Root(treeSize, nodes), CancellationToken.None));
        });
        var expected = new CompactRange();
        await using var scope = services.CreateAsyncScope();
        await foreach (var record in scope.ServiceProvider.GetRequiredService<ILedgerReader>().InLeafOrderAsync(size, CancellationToken.None))
        {
            expected.Append(MerkleHash.Leaf(record.CanonicalBytes()));
        }

        Assert.Equal(3, size);
        Assert.Equal(expected.Root(), root);
    }

    /// <summary>Entries 1, 2, … with their leaves in <c>ledger_leaves</c> and their subtrees, as the store wrote them before 0006.</summary>
    private static async Task WriteTheOldWayAsync(NpgsqlConnection connection, LedgerEntry[] entries)
    {
        IReadOnlyList<byte[]> edge = [];
        for (var i = 0; i < entries.Length; i++)
        {
            var id = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO ledger_entries (entry_key, description, effective_at, recorded_at) VALUES (@Key, @Description, @at, @at) RETURNING id",
                new { entries[i].Key, entries[i].Description, at = StoredTime(entries[i].EffectiveAt) });
            foreach (var (posting, line) in entries[i].Postings.Select((p, line) => (p, line)))
            {
                await connection.ExecuteAsync(
                    "INSERT INTO ledger_postings (entry_id, line, account, side, currency, amount_minor) VALUES (@id, @line, @account, @side, @currency, CAST(@amount AS numeric))",
                    new { id, line, account = posting.Account, side = posting.Side == PostingSide.Debit ? "debit" : "credit", currency = posting.Amount.Currency.Code, amount = posting.Amount.MinorUnits.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            }

            (var completed, edge) = SqliteMerkleFrontier.Append(i, edge, CanonicalLedgerEntry.LeafHash(id, entries[i]));
            await connection.ExecuteAsync("INSERT INTO ledger_leaves (leaf_index, entry_id) VALUES (@i, @id)", new { i = (long)i, id });
            foreach (var (node, hash) in completed)
            {
                await connection.ExecuteAsync("INSERT INTO merkle_nodes (node_key, hash) VALUES (@key, @hash)", new { key = node.Key, hash });
            }
        }

        await connection.ExecuteAsync("UPDATE transparency_log_state SET size = @size", new { size = (long)entries.Length });
    }

    private static async Task ApplyScriptsBeforeAsync(NpgsqlConnection connection, string firstSkipped)
    {
        const string prefix = "AlatauPay.Persistence.Migrations.Postgres.";
        var assembly = typeof(PostgresMigrator).Assembly;
        await connection.ExecuteAsync("CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at text NOT NULL)");
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var version = name[prefix.Length..^".sql".Length];
            if (string.CompareOrdinal(version[..4], firstSkipped) >= 0)
            {
                continue;
            }

            await using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            await connection.ExecuteAsync(await reader.ReadToEndAsync());
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, 'test')", new { version });
        }
    }

    private static string StoredTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<T> InScopeAsync<T>(IServiceProvider services, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private static LedgerEntry Entry(string key) => LedgerEntry.Create(key, "migration test", null, TestData.Now, TestData.Now, [
        Posting.Debit("assets:crypto:BTC:water", new Money(Currency.BTC, 1)),
        Posting.Credit("trading:BTC", new Money(Currency.BTC, 1)),
    ]);
}
