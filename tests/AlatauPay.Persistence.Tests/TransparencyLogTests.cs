using AlatauPay.Application.Ledger.Transparency;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;
using AlatauPay.Domain.Ledger.Transparency;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

/// <summary>The stored tree against a tree recomputed from the entries themselves, through rollbacks and concurrent appends.</summary>
public abstract class TransparencyLogTests(StoreFixture store)
{
    [Fact]
    public async Task TheStoredTreeIsTheTreeOfTheEntriesDespiteRollbacksAndRaces()
    {
        await AssertTreeMatchesEntriesAfterAsync(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await Append($"log-{i}");
                if (i % 3 == 0)
                {
                    await Assert.ThrowsAsync<InvalidOperationException>(() => store.InTransactionAsync(async sp =>
                    {
                        await sp.GetRequiredService<ILedgerRepository>().TryAppendAsync(Entry($"log-rolled-back-{i}"), CancellationToken.None);
                        throw new InvalidOperationException("rolled back after the leaf was written");
                    }));
                }
            }

            await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => Append($"log-raced-{i}"))));
        });
    }

    [Fact]
    public async Task EntriesAppendedManyInOneTransactionAreLeavesInOrderAndKeysPostedAlreadyAreSkipped()
    {
        await Append("many-before");
        var keys = new[] { "many-1", "many-before", "many-2", "many-2", "many-3" };

        var ids = await store.InTransactionAsync(sp =>
            sp.GetRequiredService<ILedgerRepository>().TryAppendManyAsync([.. keys.Select(Entry)], CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.InTransactionAsync(async sp =>
        {
            await sp.GetRequiredService<ILedgerRepository>().TryAppendManyAsync([Entry("many-rolled-back-1"), Entry("many-rolled-back-2")], CancellationToken.None);
            throw new InvalidOperationException("rolled back after the leaves were written");
        }));

        Assert.Equal(5, ids.Count);
        Assert.Null(ids[1]);
        Assert.Null(ids[3]);
        Assert.True(ids[0] < ids[2] && ids[2] < ids[4]);
        await AssertTreeMatchesEntriesAfterAsync(async () =>
        {
            await Append("many-after");
            var leafOfLast = await store.ReadAsync(sp => sp.GetRequiredService<ITransparencyLog>().LeafIndexOfAsync(ids[4]!.Value, CancellationToken.None));
            var leafOfFirst = await store.ReadAsync(sp => sp.GetRequiredService<ITransparencyLog>().LeafIndexOfAsync(ids[0]!.Value, CancellationToken.None));
            Assert.Equal(leafOfFirst + 2, leafOfLast);
        });
    }

    private async Task AssertTreeMatchesEntriesAfterAsync(Func<Task> appends)
    {
        await appends();
        var (size, root) = await store.ReadAsync(async sp =>
        {
            var log = sp.GetRequiredService<ITransparencyLog>();
            var treeSize = await log.SizeAsync(CancellationToken.None);
            return (treeSize, await log.ComputeAsync(nodes => MerkleProofs.Root(treeSize, nodes), CancellationToken.None));
        });
        var expected = new CompactRange();
        await foreach (var record in store.Services.CreateScope().ServiceProvider.GetRequiredService<ILedgerReader>().InLeafOrderAsync(size, CancellationToken.None))
        {
            expected.Append(MerkleHash.Leaf(record.CanonicalBytes()));
        }

        await using var connection = await store.OpenRawAsync();
        Assert.Equal(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM ledger_entries"), size);
        Assert.Equal(size, expected.Size);
        Assert.Equal(expected.Root(), root);
    }

    private Task<long?> Append(string key) => store.InTransactionAsync(sp => sp.GetRequiredService<ILedgerRepository>().TryAppendAsync(Entry(key), CancellationToken.None));

    private static LedgerEntry Entry(string key) => LedgerEntry.Create(key, "log test", null, TestData.Now, TestData.Now, [
        Posting.Debit("assets:crypto:BTC:water", new Money(Currency.BTC, 1)),
        Posting.Credit("trading:BTC", new Money(Currency.BTC, 1)),
    ]);
}

public sealed class SqliteTransparencyLogTests(SqliteStore store) : TransparencyLogTests(store), IClassFixture<SqliteStore>;

public sealed class PostgresTransparencyLogTests(PostgresStore store) : TransparencyLogTests(store), IClassFixture<PostgresStore>;
