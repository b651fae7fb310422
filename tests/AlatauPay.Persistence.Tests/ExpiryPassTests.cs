using AlatauPay.Application.Chains;
using AlatauPay.Application.Invoices.Expire;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

/// <summary>
/// The expiry pass on a real store: it pages through every due invoice in expiry order, so invoices that a payment
/// keeps open cannot stop the ones behind them from expiring. Each class has a store of its own, so a pass sees
/// only the invoices its test made.
/// </summary>
public abstract class ExpiryPassTests(StoreFixture store) : IAsyncLifetime
{
    public Task InitializeAsync() => store.InTransactionAsync(sp =>
        sp.GetRequiredService<IDepartmentRepository>().TryAddAsync(TestData.Department("water"), CancellationToken.None));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task APassReachesInvoicesBehindAFullBatchHeldOpenByPayments()
    {
        var start = TestData.Now.AddYears(-10);
        var heldOpen = new[] { TestData.Invoice(createdAt: start), TestData.Invoice(createdAt: start.AddSeconds(1)) };
        var unpaid = TestData.Invoice(createdAt: start.AddSeconds(2));
        await store.InTransactionAsync(async sp =>
        {
            foreach (var invoice in heldOpen.Append(unpaid))
            {
                await sp.GetRequiredService<IInvoiceRepository>().AddAsync(invoice, CancellationToken.None);
            }

            // Each held-open invoice was paid in full in time; the payment is seen, not yet final.
            var payments = heldOpen.Select(i => new ObservedPayment(
                $"tx-{i.Id}", 0, i.PaymentMethods[0].Method, i.PaymentMethods[0].Destination, i.PaymentMethods[0].Due)).ToList();
            await sp.GetRequiredService<IChainStore>().RecordMempoolAsync(
                "BTC", new MempoolView(payments, payments.Select(p => p.TxId).ToHashSet()), complete: true, start, CancellationToken.None);
        });

        var first = await ExpireAsync(new ExpireDueInvoicesCommand(BatchSize: 2));
        var batch = first;
        for (var batches = 1; batch.Next is not null; batches++)
        {
            Assert.True(batches < 20, "The expiry pass does not move on: it keeps returning the same batch.");
            batch = await ExpireAsync(new ExpireDueInvoicesCommand(batch.Next, BatchSize: 2));
        }

        // The first batch is the two held-open invoices: nothing expires, and the pass goes on after the second.
        Assert.Equal(new ExpiryBatch(0, new DueInvoice(heldOpen[1].Id, heldOpen[1].ExpiresAt)), first);
        Assert.Equal(InvoiceStatus.Expired, await StatusAsync(unpaid.Id));
        Assert.Equal(InvoiceStatus.New, await StatusAsync(heldOpen[0].Id));
        Assert.Equal(InvoiceStatus.New, await StatusAsync(heldOpen[1].Id));
    }

    [Fact]
    public async Task InvoicesDueAtTheSameMomentArePagedByIdWithoutRepeatsOrGaps()
    {
        var moment = TestData.Now.AddYears(-9);
        var invoices = Enumerable.Range(0, 5).Select(_ => TestData.Invoice(createdAt: moment)).ToList();
        await store.InTransactionAsync(async sp =>
        {
            foreach (var invoice in invoices)
            {
                await sp.GetRequiredService<IInvoiceRepository>().AddAsync(invoice, CancellationToken.None);
            }
        });

        var seen = new List<InvoiceId>();
        DueInvoice? after = null;
        do
        {
            Assert.True(seen.Count < 100, "Paging does not move on: it keeps returning the same invoices.");
            var page = await store.ReadAsync(sp => sp.GetRequiredService<IInvoiceRepository>().ListDueForExpiryAsync(
                moment.AddHours(2), after, 2, CancellationToken.None));
            seen.AddRange(page.Select(d => d.Id));
            after = page.Count == 2 ? page[^1] : null;
        }
        while (after is not null);

        // Other tests' invoices of this store may be due too; this test's own must come once each, in id order.
        var own = invoices.Select(i => i.Id).ToHashSet();
        Assert.Equal(own.OrderBy(id => id.Value, StringComparer.Ordinal), seen.Where(own.Contains));
    }

    private Task<ExpiryBatch> ExpireAsync(ExpireDueInvoicesCommand command) => store.InTransactionAsync(sp =>
        new ExpireDueInvoicesHandler(
                sp.GetRequiredService<IInvoiceRepository>(),
                sp.GetRequiredService<IDepartmentRepository>(),
                sp.GetRequiredService<IChainStore>(),
                sp.GetRequiredService<IOutbox>(),
                TimeProvider.System)
            .Handle(command, CancellationToken.None).AsTask());

    private async Task<InvoiceStatus> StatusAsync(InvoiceId id) =>
        (await store.ReadAsync(sp => sp.GetRequiredService<IInvoiceRepository>().FindAsync(id, CancellationToken.None)))!.Status;
}

public sealed class SqliteExpiryPassTests(SqliteStore store) : ExpiryPassTests(store), IClassFixture<SqliteStore>;

public sealed class PostgresExpiryPassTests(PostgresStore store) : ExpiryPassTests(store), IClassFixture<PostgresStore>;
