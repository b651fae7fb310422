using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;
using AlatauPay.Domain.Ledger.Transparency;
using AlatauPay.Persistence.Sqlite;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

/// <summary>
/// Migration 0008 moves each entry's leaf number into its row. Files written by earlier versions must come
/// out with the same tree: those from before the log (0003) get their leaves from the start-up backfill, in
/// posting order, and those with <c>ledger_leaves</c> (0004-0005) keep the numbers they had.
/// </summary>
public sealed class LeafIndexMigrationTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "alataupay-migration-" + Guid.NewGuid().ToString("N"));

    private string FilePath => Path.Combine(directory, "store.db");

    [Fact]
    public async Task EntriesPostedBeforeTheLogExistedBecomeItsFirstLeavesInPostingOrder()
    {
        await using (var connection = await OpenAsync())
        {
            await ApplyScriptsUpToAsync(connection, "0003");
            for (var n = 1; n <= 3; n++)
            {
                await InsertEntryAsync(connection, n);
            }
        }

        await using var services = await MigratedStoreAsync();

        var (log, reader) = await ReadLogAsync(services);
        Assert.Equal([0L, 1L, 2L], log.LeafIndexes);
        Assert.Equal(3, log.Size);
        Assert.Equal(RootOf(reader), log.Root);
        Assert.Equal(3, await AppendAsync(services, "after-upgrade"));
    }

    [Fact]
    public async Task LeavesStoredInTheirOwnTableKeepTheirNumbers()
    {
        await using (var connection = await OpenAsync())
        {
            await ApplyScriptsUpToAsync(connection, "0005");
            for (var n = 1; n <= 2; n++)
            {
                await InsertEntryAsync(connection, n);
                await connection.ExecuteAsync("INSERT INTO ledger_leaves (leaf_index, entry_id) VALUES (@leaf, @n)", new { leaf = n - 1, n });
                await connection.ExecuteAsync("INSERT INTO merkle_nodes (node_key, hash) VALUES (@key, @hash)", new { key = n - 1, hash = new byte[32] });
            }

            await connection.ExecuteAsync("INSERT INTO merkle_nodes (node_key, hash) VALUES (@key, @hash)", new { key = 1L << 48, hash = new byte[32] });
        }

        await using var services = await MigratedStoreAsync();

        var (log, _) = await ReadLogAsync(services);
        Assert.Equal([0L, 1L], log.LeafIndexes);
        Assert.Equal(2, log.Size);
        Assert.Equal(2, await AppendAsync(services, "after-upgrade"));
        await using var raw = await OpenAsync();
        Assert.Equal(0, await raw.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_master WHERE name = 'ledger_leaves'"));
    }

    [Fact]
    public async Task TheLeafNumberOfAnEntryCannotBeRewritten()
    {
        await using var services = await MigratedStoreAsync();
        await AppendAsync(services, "numbered");
        await using var connection = await OpenAsync();

        var refusal = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("UPDATE ledger_entries SET leaf_index = 7"));

        Assert.Contains("append-only", refusal.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        Directory.CreateDirectory(directory);
        var connection = new SqliteConnection($"Data Source={FilePath}");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Brings a new file to the schema an earlier version left, using the shipped scripts themselves.</summary>
    private static async Task ApplyScriptsUpToAsync(SqliteConnection connection, string lastVersion)
    {
        const string prefix = "AlatauPay.Persistence.Migrations.Sqlite.";
        var assembly = typeof(SqliteMigrator).Assembly;
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT;");
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var version = name[prefix.Length..^".sql".Length];
            if (string.CompareOrdinal(version[..4], lastVersion) > 0)
            {
                break;
            }

            await using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            await connection.ExecuteAsync(await reader.ReadToEndAsync());
            await connection.ExecuteAsync("INSERT INTO schema_migrations VALUES (@version, '2026-01-01T00:00:00.0000000Z')", new { version });
        }
    }

    private static async Task InsertEntryAsync(SqliteConnection connection, int n)
    {
        var at = $"2026-01-0{n}T00:00:00.0000000Z";
        await connection.ExecuteAsync(
            "INSERT INTO ledger_entries (id, entry_key, invoice_id, description, effective_at, recorded_at) VALUES (@n, @key, NULL, 'old entry', @at, @at)",
            new { n, key = $"old:{n}", at });
        await connection.ExecuteAsync(
            """
            INSERT INTO ledger_postings (entry_id, line, account, side, currency, amount_minor) VALUES
              (@n, 0, 'assets:crypto:BTC:water', 'debit', 'BTC', @amount),
              (@n, 1, 'trading:BTC', 'credit', 'BTC', @amount)
            """,
            new { n, amount = (1000 * n).ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    private async Task<ServiceProvider> MigratedStoreAsync()
    {
        var services = new ServiceCollection()
            .AddAlatauPersistence(new StorageOptions { ConnectionString = $"Data Source={FilePath}" })
            .BuildServiceProvider();
        await services.MigrateAlatauStorageAsync(CancellationToken.None);
        return services;
    }

    private static async Task<(LogState Log, IReadOnlyList<LedgerRecord> Records)> ReadLogAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var log = scope.ServiceProvider.GetRequiredService<ITransparencyLog>();
        var size = await log.SizeAsync(CancellationToken.None);
        var records = new List<LedgerRecord>();
        await foreach (var record in scope.ServiceProvider.GetRequiredService<ILedgerReader>().InLeafOrderAsync(size, CancellationToken.None))
        {
            records.Add(record);
        }

        var indexes = new List<long>();
        foreach (var record in records)
        {
            indexes.Add((await log.LeafIndexOfAsync(record.Id, CancellationToken.None))!.Value);
        }

        var stored = await log.ReadNodesAsync(MerkleProofs.NodesRead(read => MerkleProofs.Root(size, read)), CancellationToken.None);
        return (new LogState(size, indexes, MerkleProofs.Root(size, node => stored[node])), records);
    }

    private static byte[] RootOf(IReadOnlyList<LedgerRecord> records)
    {
        var leaves = records.Select(r => MerkleHash.Leaf(r.CanonicalBytes())).ToList();
        byte[] Perfect(MerkleNode node) => node.Level == 0
            ? leaves[(int)node.Index]
            : MerkleHash.Node(Perfect(new MerkleNode(node.Level - 1, node.Index * 2)), Perfect(new MerkleNode(node.Level - 1, (node.Index * 2) + 1)));
        return MerkleProofs.Root(leaves.Count, Perfect);
    }

    private static async Task<long?> AppendAsync(IServiceProvider services, string key)
    {
        await using var scope = services.CreateAsyncScope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        await unitOfWork.BeginAsync(CancellationToken.None);
        var id = await scope.ServiceProvider.GetRequiredService<ILedgerRepository>().TryAppendAsync(
            LedgerEntry.Create(key, "new entry", null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            [
                Posting.Debit("assets:crypto:BTC:water", new Money(Currency.BTC, 1)),
                Posting.Credit("trading:BTC", new Money(Currency.BTC, 1)),
            ]),
            CancellationToken.None);
        await unitOfWork.CommitAsync(CancellationToken.None);
        return await scope.ServiceProvider.GetRequiredService<ITransparencyLog>().LeafIndexOfAsync(id!.Value, CancellationToken.None);
    }

    private sealed record LogState(long Size, IReadOnlyList<long> LeafIndexes, byte[] Root);
}
