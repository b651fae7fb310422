using AlatauPay.Application.Chains;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

/// <summary>The watcher's record of a chain: blocks, payments by natural key, depth, reorgs, mempool, targets, rescans.</summary>
public abstract class ChainStoreTests(StoreFixture store) : IAsyncLifetime
{
    private static readonly DateTimeOffset BlockTime = TestData.Now.AddMinutes(1);

    public Task InitializeAsync() => store.InTransactionAsync(sp =>
        sp.GetRequiredService<IDepartmentRepository>().TryAddAsync(TestData.Department("water"), CancellationToken.None));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task APaymentInACanonicalBlockCountsItsDepthToTheTip()
    {
        var (invoice, chain) = await InvoiceOnFreshChainAsync();
        var payment = PaymentTo(invoice, "tx-depth", 25991);

        var paid = await Write(store => store.ConnectBlockAsync(chain, Block(chain, 1, payment), BlockTime, CancellationToken.None));
        await Write(store => store.ConnectBlockAsync(chain, Block(chain, 2), BlockTime, CancellationToken.None));

        Assert.Equal([invoice.Id], paid);
        var observed = Assert.Single(await Read(store => store.ListPaymentsAsync(invoice.Id, CancellationToken.None)));
        Assert.Equal(PaymentStanding.Confirmed, observed.Standing);
        Assert.Equal(2, observed.Confirmations);
        Assert.Equal(new Money(Currency.BTC, 25991), observed.Amount);
        Assert.Equal(new BlockPointer(2, $"{chain}-block-2"), await Read(store => store.GetTipAsync(chain, CancellationToken.None)));
    }

    [Fact]
    public async Task ConnectingABlockAgainChangesNothing()
    {
        var (invoice, chain) = await InvoiceOnFreshChainAsync();
        var block = Block(chain, 1, PaymentTo(invoice, "tx-twice", 100));

        await Write(store => store.ConnectBlockAsync(chain, block, BlockTime, CancellationToken.None));
        await Write(store => store.ConnectBlockAsync(chain, block, BlockTime, CancellationToken.None));

        Assert.Single(await Read(store => store.ListPaymentsAsync(invoice.Id, CancellationToken.None)));
    }

    [Fact]
    public async Task APaymentWhoseBlockIsDisconnectedIsUnconfirmedUntilACompleteMempoolViewLacksIt()
    {
        var (invoice, chain) = await InvoiceOnFreshChainAsync();
        var payment = PaymentTo(invoice, "tx-reorged", 100);
        await Write(store => store.ConnectBlockAsync(chain, Block(chain, 1, payment), BlockTime, CancellationToken.None));
        var observed = Assert.Single(await Read(store => store.ListPaymentsAsync(invoice.Id, CancellationToken.None)));
        await Write(store => store.MarkAccountedAsync([observed], $"settle:{invoice.Id}", CancellationToken.None));
        Assert.DoesNotContain(invoice.Id, await Read(store => store.ListUnreconciledAsync(chain, CancellationToken.None)));

        var affected = await Write(store => store.DisconnectBlockAsync(chain, $"{chain}-block-1", CancellationToken.None));

        // A node puts a disconnected block's transactions back in its mempool: the reorg alone proves nothing gone.
        Assert.Equal([invoice.Id], affected);
        Assert.Equal(PaymentStanding.Unconfirmed, Assert.Single(await Read(store => store.ListPaymentsAsync(invoice.Id, CancellationToken.None))).Standing);
        Assert.Null(await Read(store => store.GetTipAsync(chain, CancellationToken.None)));
        Assert.Equal(1, await Read(store => store.GetLowestRecordedHeightAsync(chain, CancellationToken.None)));

        var left = await Write(store => store.RecordMempoolAsync(chain, Mempool(), complete: true, BlockTime, CancellationToken.None));

        Assert.Equal([invoice.Id], left);
        Assert.Equal(PaymentStanding.Gone, Assert.Single(await Read(store => store.ListPaymentsAsync(invoice.Id, CancellationToken.None))).Standing);
        Assert.Contains(invoice.Id, await Read(store => store.ListUnreconciledAsync(chain, CancellationToken.None)));
    }

    [Fact]
    public async Task AMempoolPaymentIsUnconfirmedUntilACompleteViewNoLongerHasIt()
    {
        var (invoice, chain) = await InvoiceOnFreshChainAsync();
        var payment = PaymentTo(invoice, "tx-mempool", 100);

        var seen = await Write(store => store.RecordMempoolAsync(chain, Mempool(payment), complete: true, BlockTime, CancellationToken.None));
        var partial = await Write(store => store.RecordMempoolAsync(chain, Mempool(), complete: false, BlockTime, CancellationToken.None));
        var standingAfterPartial = Assert.Single(await Read(store => store.ListPaymentsAsync(invoice.Id, CancellationToken.None))).Standing;
        var left = await Write(store => store.RecordMempoolAsync(chain, Mempool(), complete: true, BlockTime, CancellationToken.None));

        Assert.Equal([invoice.Id], seen);
        Assert.Empty(partial);
        Assert.Equal(PaymentStanding.Unconfirmed, standingAfterPartial);
        Assert.Equal([invoice.Id], left);
        Assert.Equal(PaymentStanding.Gone, Assert.Single(await Read(store => store.ListPaymentsAsync(invoice.Id, CancellationToken.None))).Standing);
    }

    [Fact]
    public async Task WatchTargetsAfterACursorAreOnlyTheNewOnes()
    {
        var first = TestData.Invoice();
        await store.InTransactionAsync(sp => sp.GetRequiredService<IInvoiceRepository>().AddAsync(first, CancellationToken.None));
        var before = await Read(store => store.ListWatchTargetsAsync([Currency.BTC], TestData.Now, 0, CancellationToken.None));
        var cursor = before.Max(t => t.Sequence);
        var second = TestData.Invoice();
        await store.InTransactionAsync(sp => sp.GetRequiredService<IInvoiceRepository>().AddAsync(second, CancellationToken.None));

        var after = await Read(store => store.ListWatchTargetsAsync([Currency.BTC], TestData.Now, cursor, CancellationToken.None));

        Assert.Contains(before, t => t.Destination == first.PaymentMethods[0].Destination);
        var target = Assert.Single(after);
        Assert.Equal(second.PaymentMethods[0].Destination, target.Destination);
        Assert.True(target.Sequence > cursor);
    }

    [Fact]
    public async Task ARescanRequestKeepsTheLowestHeightAndItsProgressUntilDone()
    {
        var chain = FreshChain();
        await Write(store => store.RequestRescanAsync(chain, 120, CancellationToken.None));
        await Write(store => store.RequestRescanAsync(chain, 100, CancellationToken.None));
        await Write(store => store.RequestRescanAsync(chain, 150, CancellationToken.None));
        var requested = await Read(store => store.FindRescanRequestAsync(chain, CancellationToken.None));

        var advanced = await Write(store => store.AdvanceRescanRequestAsync(chain, 100, 101, CancellationToken.None));
        var afterProgress = await Read(store => store.FindRescanRequestAsync(chain, CancellationToken.None));
        var done = await Write(store => store.AdvanceRescanRequestAsync(chain, 101, null, CancellationToken.None));

        Assert.Equal(100, requested);
        Assert.True(advanced);
        Assert.Equal(101, afterProgress);
        Assert.True(done);
        Assert.Null(await Read(store => store.FindRescanRequestAsync(chain, CancellationToken.None)));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(100)]
    public async Task ARequestReachingAtOrBelowARescansProgressStaysPending(long height)
    {
        var chain = FreshChain();
        await Write(store => store.RequestRescanAsync(chain, 90, CancellationToken.None));
        await Write(store => store.AdvanceRescanRequestAsync(chain, 90, 100, CancellationToken.None));
        await Write(store => store.RequestRescanAsync(chain, height, CancellationToken.None));

        var done = await Write(store => store.AdvanceRescanRequestAsync(chain, 100, null, CancellationToken.None));

        // At 100 it is merged with the rescan already there (which goes on from 100); below, the rescan gives way.
        Assert.Equal(height == 100, done);
        Assert.Equal(height == 100 ? null : (long?)height, await Read(store => store.FindRescanRequestAsync(chain, CancellationToken.None)));
    }

    private async Task<(Invoice Invoice, string Chain)> InvoiceOnFreshChainAsync()
    {
        var invoice = TestData.Invoice();
        await store.InTransactionAsync(sp => sp.GetRequiredService<IInvoiceRepository>().AddAsync(invoice, CancellationToken.None));
        return (invoice, FreshChain());
    }

    /// <summary>Each test has a chain of its own, so tests of one class share a store without sharing a tip.</summary>
    private static string FreshChain() => $"T{Guid.NewGuid():N}"[..12];

    private static ObservedPayment PaymentTo(Invoice invoice, string txid, long amount) =>
        new(txid, 0, Currency.BTC, invoice.PaymentMethods[0].Destination, new Money(Currency.BTC, amount));

    private static ChainBlock Block(string chain, long height, params ObservedPayment[] payments) =>
        new(height, $"{chain}-block-{height}", $"{chain}-block-{height - 1}", BlockTime, payments);

    private static MempoolView Mempool(params ObservedPayment[] payments) => new(payments, payments.Select(p => p.TxId).ToHashSet());

    private Task<T> Write<T>(Func<IChainStore, Task<T>> write) => store.InTransactionAsync(sp => write(sp.GetRequiredService<IChainStore>()));

    private Task Write(Func<IChainStore, Task> write) => store.InTransactionAsync(sp => write(sp.GetRequiredService<IChainStore>()));

    private Task<T> Read<T>(Func<IChainStore, Task<T>> read) => store.ReadAsync(sp => read(sp.GetRequiredService<IChainStore>()));
}

public sealed class SqliteChainStoreTests(SqliteStore store) : ChainStoreTests(store), IClassFixture<SqliteStore>;

public sealed class PostgresChainStoreTests(PostgresStore store) : ChainStoreTests(store), IClassFixture<PostgresStore>;
