using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;
using AlatauPay.Domain.Invoices;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

public abstract class InvoiceRepositoryTests(StoreFixture store) : IAsyncLifetime
{
    public Task InitializeAsync() => store.InTransactionAsync(async sp =>
    {
        var departments = sp.GetRequiredService<IDepartmentRepository>();
        await departments.TryAddAsync(TestData.Department("water"), CancellationToken.None);
        await departments.TryAddAsync(TestData.Department("parking"), CancellationToken.None);
    });

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ReadsBackEveryFieldExactly()
    {
        var invoice = TestData.Invoice(amount: "9999999999.99");
        await store.InTransactionAsync(sp => Repository(sp).AddAsync(invoice, CancellationToken.None));

        var found = await store.ReadAsync(sp => Repository(sp).FindAsync(invoice.Id, CancellationToken.None));

        Assert.NotNull(found);
        Assert.Equal(invoice.Amount, found.Amount);
        Assert.Equal(invoice.Payer, found.Payer);
        Assert.Equal(invoice.Description, found.Description);
        Assert.Equal(invoice.Metadata, found.Metadata);
        Assert.Equal(invoice.CreatedAt, found.CreatedAt);
        Assert.Equal(invoice.ExpiresAt, found.ExpiresAt);
        Assert.Equal(InvoiceStatus.New, found.Status);
        Assert.Equal(invoice.PaymentMethods, found.PaymentMethods);
    }

    [Fact]
    public async Task KeepsWeiAmountsBeyondSixtyFourBitsExact()
    {
        var invoice = TestData.Invoice(amount: "9999999999.99");
        var due = invoice.Method(Currency.ETH).Due;
        Assert.True(due.MinorUnits > ulong.MaxValue);
        await store.InTransactionAsync(sp => Repository(sp).AddAsync(invoice, CancellationToken.None));

        var found = await store.ReadAsync(sp => Repository(sp).FindAsync(invoice.Id, CancellationToken.None));

        Assert.Equal(due, found!.Method(Currency.ETH).Due);
    }

    [Fact]
    public async Task AStaleUpdateIsRefused()
    {
        var invoice = TestData.Invoice();
        await store.InTransactionAsync(sp => Repository(sp).AddAsync(invoice, CancellationToken.None));
        var first = await store.ReadAsync(sp => Repository(sp).FindAsync(invoice.Id, CancellationToken.None));
        var second = await store.ReadAsync(sp => Repository(sp).FindAsync(invoice.Id, CancellationToken.None));

        first!.Cancel();
        await store.InTransactionAsync(sp => Repository(sp).UpdateAsync(first, CancellationToken.None));
        second!.Settle(Currency.BTC, second.Method(Currency.BTC).Due);

        await Assert.ThrowsAsync<ConcurrentUpdateException>(() =>
            store.InTransactionAsync(sp => Repository(sp).UpdateAsync(second, CancellationToken.None)));
        var stored = await store.ReadAsync(sp => Repository(sp).FindAsync(invoice.Id, CancellationToken.None));
        Assert.Equal(InvoiceStatus.Cancelled, stored!.Status);
    }

    [Fact]
    public async Task SavesStatusFlagsAndAmountsPaid()
    {
        var invoice = TestData.Invoice();
        await store.InTransactionAsync(sp => Repository(sp).AddAsync(invoice, CancellationToken.None));
        var paid = invoice.Method(Currency.BTC).Due + new Money(Currency.BTC, 5);

        invoice.Settle(Currency.BTC, paid);
        await store.InTransactionAsync(sp => Repository(sp).UpdateAsync(invoice, CancellationToken.None));

        var stored = await store.ReadAsync(sp => Repository(sp).FindAsync(invoice.Id, CancellationToken.None));
        Assert.Equal(InvoiceStatus.Settled, stored!.Status);
        Assert.Equal(AdditionalStatus.PaidOver, stored.Flags);
        Assert.Equal(paid, stored.Method(Currency.BTC).Paid);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task ListsNewestFirstWithFiltersAndCursor()
    {
        var parking = new List<Invoice>();
        for (var i = 0; i < 5; i++)
        {
            var invoice = TestData.Invoice("parking");
            parking.Add(invoice);
            await store.InTransactionAsync(sp => Repository(sp).AddAsync(invoice, CancellationToken.None));
        }

        parking[1].Cancel();
        await store.InTransactionAsync(sp => Repository(sp).UpdateAsync(parking[1], CancellationToken.None));
        var filter = new InvoiceFilter(new DepartmentCode("parking"), InvoiceStatus.New);

        var firstPage = await store.ReadAsync(sp => Repository(sp).ListAsync(filter, 2, null, CancellationToken.None));
        var secondPage = await store.ReadAsync(sp => Repository(sp).ListAsync(filter, 10, firstPage[^1].Id, CancellationToken.None));

        Assert.Equal([parking[4].Id, parking[3].Id], firstPage.Select(i => i.Id));
        Assert.Equal([parking[2].Id, parking[0].Id], secondPage.Select(i => i.Id));
    }

    [Fact]
    public async Task FindsOpenInvoicesWhoseTimeRanOut()
    {
        var old = TestData.Invoice(createdAt: TestData.Now.AddYears(-1));
        var cancelledOld = TestData.Invoice(createdAt: TestData.Now.AddYears(-1));
        var fresh = TestData.Invoice(createdAt: TestData.Now.AddYears(1));
        cancelledOld.Cancel();
        await store.InTransactionAsync(async sp =>
        {
            foreach (var invoice in new[] { old, cancelledOld, fresh })
            {
                await Repository(sp).AddAsync(invoice, CancellationToken.None);
            }
        });

        var due = (await store.ReadAsync(sp => Repository(sp).ListDueForExpiryAsync(TestData.Now, null, 100, CancellationToken.None))).Select(d => d.Id).ToList();

        Assert.Contains(old.Id, due);
        Assert.DoesNotContain(cancelledOld.Id, due);
        Assert.DoesNotContain(fresh.Id, due);
    }

    [Fact]
    public async Task ADepositAddressBelongsToOneInvoiceOnly()
    {
        var first = TestData.Invoice();
        var copy = Invoice.Create(new InvoiceData(
            InvoiceId.New(), first.Department, first.Service, first.Payer, first.Amount, null,
            new Dictionary<string, string>(), first.CreatedAt, first.ExpiresAt, [first.PaymentMethods[0] with { DerivationIndex = 1_000_000 }]));
        await store.InTransactionAsync(sp => Repository(sp).AddAsync(first, CancellationToken.None));

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            store.InTransactionAsync(sp => Repository(sp).AddAsync(copy, CancellationToken.None)));
        Assert.Null(await store.ReadAsync(sp => Repository(sp).FindAsync(copy.Id, CancellationToken.None)));
    }

    [Fact]
    public async Task TheCensusCountsInvoicesByStatus()
    {
        var before = await Census();
        var open = TestData.Invoice();
        var cancelled = TestData.Invoice();
        await store.InTransactionAsync(async sp =>
        {
            await Repository(sp).AddAsync(open, CancellationToken.None);
            await Repository(sp).AddAsync(cancelled, CancellationToken.None);
        });
        cancelled.Cancel();
        await store.InTransactionAsync(sp => Repository(sp).UpdateAsync(cancelled, CancellationToken.None));

        var after = await Census();

        Assert.Equal(Count(before, "new") + 1, Count(after, "new"));
        Assert.Equal(Count(before, "cancelled") + 1, Count(after, "cancelled"));
        Assert.Equal(before.Values.Sum() + 2, after.Values.Sum());
    }

    private Task<IReadOnlyDictionary<string, long>> Census() =>
        store.Services.GetRequiredService<IInvoiceCensus>().CountByStatusAsync(CancellationToken.None);

    private static long Count(IReadOnlyDictionary<string, long> census, string status) => census.GetValueOrDefault(status);

    private static IInvoiceRepository Repository(IServiceProvider services) => services.GetRequiredService<IInvoiceRepository>();
}

public sealed class SqliteInvoiceRepositoryTests(SqliteStore store) : InvoiceRepositoryTests(store), IClassFixture<SqliteStore>;

public sealed class PostgresInvoiceRepositoryTests(PostgresStore store) : InvoiceRepositoryTests(store), IClassFixture<PostgresStore>;
