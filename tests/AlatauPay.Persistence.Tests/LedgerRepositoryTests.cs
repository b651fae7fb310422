using System.Data.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

public abstract class LedgerRepositoryTests(StoreFixture store)
{
    [Fact]
    public async Task ReadsBackTheEntryWhole()
    {
        var entry = Entry("read-back");
        var id = await store.InTransactionAsync(sp => Ledger(sp).TryAppendAsync(entry, CancellationToken.None));

        var found = await store.ReadAsync(sp => Ledger(sp).FindByKeyAsync(entry.Key, CancellationToken.None));

        Assert.Equal(id, found!.Id);
        Assert.Equal(entry.Postings, found.Entry.Postings);
        Assert.Equal(entry.EffectiveAt, found.Entry.EffectiveAt);
        Assert.Equal(entry.RecordedAt, found.Entry.RecordedAt);
        Assert.Equal(entry.InvoiceId, found.Entry.InvoiceId);
    }

    [Fact]
    public async Task ASecondEntryWithTheSameKeyIsNotPosted()
    {
        await store.InTransactionAsync(sp => Ledger(sp).TryAppendAsync(Entry("once"), CancellationToken.None));

        var second = await store.InTransactionAsync(sp => Ledger(sp).TryAppendAsync(Entry("once", amount: 7), CancellationToken.None));

        Assert.Null(second);
        await using var connection = await store.OpenRawAsync();
        var postings = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id WHERE e.entry_key = 'once'");
        Assert.Equal(2, postings);
    }

    [Fact]
    public async Task ConcurrentAppendsOfOneKeyLeaveOneEntry()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            store.InTransactionAsync(sp => Ledger(sp).TryAppendAsync(Entry("raced"), CancellationToken.None)))));

        Assert.Single(ids, id => id is not null);
    }

    [Fact]
    public async Task ARolledBackEntryLeavesNoTrace()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.InTransactionAsync(async sp =>
        {
            await Ledger(sp).TryAppendAsync(Entry("rolled-back"), CancellationToken.None);
            throw new InvalidOperationException("the settlement failed after posting");
        }));

        Assert.Null(await store.ReadAsync(sp => Ledger(sp).FindByKeyAsync("rolled-back", CancellationToken.None)));
    }

    [Theory]
    [InlineData("UPDATE ledger_entries SET description = 'edited'")]
    [InlineData("DELETE FROM ledger_entries")]
    [InlineData("UPDATE ledger_postings SET amount_minor = '1'")]
    [InlineData("DELETE FROM ledger_postings")]
    public async Task TheStoreRefusesToRewriteHistory(string statement)
    {
        await store.InTransactionAsync(sp => Ledger(sp).TryAppendAsync(Entry($"history-{statement.GetHashCode(StringComparison.Ordinal)}"), CancellationToken.None));
        await using var connection = await store.OpenRawAsync();

        var refusal = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(statement));

        Assert.Contains("append-only", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWriteOutsideATransactionIsABug()
    {
        await using var scope = store.Services.CreateAsyncScope();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Ledger(scope.ServiceProvider).TryAppendAsync(Entry("no-transaction"), CancellationToken.None));
    }

    private static LedgerEntry Entry(string key, long amount = 25991) => LedgerEntry.Create(
        key,
        "test entry",
        "inv_test",
        TestData.Now,
        TestData.Now.AddSeconds(1),
        [
            Posting.Debit("assets:crypto:BTC:water", new Money(Currency.BTC, amount)),
            Posting.Credit("trading:BTC", new Money(Currency.BTC, amount)),
        ]);

    private static ILedgerRepository Ledger(IServiceProvider services) => services.GetRequiredService<ILedgerRepository>();
}

public sealed class SqliteLedgerRepositoryTests(SqliteStore store) : LedgerRepositoryTests(store), IClassFixture<SqliteStore>;

public sealed class PostgresLedgerRepositoryTests(PostgresStore store) : LedgerRepositoryTests(store), IClassFixture<PostgresStore>;
