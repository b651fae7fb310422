using AlatauPay.Application.Chains;
using AlatauPay.Application.Chains.Watching;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Api.Tests;

/// <summary>
/// Found by the chain drill: an invoice created while the watcher was between reading its watch list and
/// fetching a block, and paid in that block, was never seen (the block was matched against the old list
/// and never read again), so the money arrived and the invoice stayed <c>new</c>.
/// </summary>
public sealed class WatchListRaceTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task APaymentInABlockFetchedJustAfterItsInvoiceWasCreatedIsSeen()
    {
        await gateway.Client.CreateDepartmentAsync("race-water");
        var node = new InvoiceDuringPollNode(async () =>
        {
            var invoice = await gateway.Client.CreateInvoiceAsync("race-water");
            var ltc = invoice["paymentMethods"]!.AsArray().Single(m => m!["method"]!.GetValue<string>() == "LTC")!;
            return (invoice["id"]!.GetValue<string>(), ltc["destination"]!.GetValue<string>());
        });
        var watcher = ActivatorUtilities.CreateInstance<ChainWatcher>(gateway.Services, node, new ChainWatchOptions { StartHeight = 1 });

        await watcher.PollAsync(CancellationToken.None);

        await using var scope = gateway.Services.CreateAsyncScope();
        var payments = await scope.ServiceProvider.GetRequiredService<IChainStore>().ListPaymentsAsync(InvoiceId.Parse(node.InvoiceId!), CancellationToken.None);
        Assert.Equal("race-payment", Assert.Single(payments).TxId);
    }

    /// <summary>
    /// A node whose status call is where the invoice gets created (after the watcher read its list) and whose
    /// one block pays it.
    /// </summary>
    private sealed class InvoiceDuringPollNode(Func<Task<(string Id, string Destination)>> createInvoice) : IChainNode
    {
        private string? destination;

        public string? InvoiceId { get; private set; }

        public string Chain => "LTC";

        public IReadOnlyCollection<Currency> Methods => [Currency.LTC];

        public async Task<NodeStatus> GetStatusAsync(CancellationToken cancellationToken)
        {
            (InvoiceId, destination) = await createInvoice();
            return new NodeStatus("regtest", 1, "block-1", Synced: true);
        }

        public Task<string?> GetBlockHashAsync(long height, CancellationToken cancellationToken) =>
            Task.FromResult<string?>(height == 1 ? "block-1" : null);

        public Task<ChainBlock> GetBlockAsync(string hash, IWatchList watched, CancellationToken cancellationToken)
        {
            IReadOnlyList<ObservedPayment> payments = watched.Contains(destination!)
                ? [new ObservedPayment("race-payment", 0, Currency.LTC, destination!, new Money(Currency.LTC, 1_000))]
                : [];
            return Task.FromResult(new ChainBlock(1, hash, "block-0", DateTimeOffset.UnixEpoch, payments));
        }

        public Task<MempoolView> GetMempoolAsync(IWatchList watched, CancellationToken cancellationToken) =>
            Task.FromResult(new MempoolView([], new HashSet<string>()));

        public string WatchKey(Currency method, string destination) => destination;
    }
}
