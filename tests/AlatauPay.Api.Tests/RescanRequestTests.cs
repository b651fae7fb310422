using AlatauPay.Application.Chains;
using AlatauPay.Application.Chains.Watching;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Api.Tests;

/// <summary>
/// A rescan an operator asked for is done once, and only once it is done: a poll that fails halfway through
/// (the node stops answering) leaves the request for the next poll instead of dropping it unsaid.
/// </summary>
public sealed class RescanRequestTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task ARescanInterruptedByTheNodeIsDoneByTheNextPoll()
    {
        var node = new ScriptedNode($"R{Guid.NewGuid():N}"[..10], tipHeight: 3);
        var watcher = ActivatorUtilities.CreateInstance<ChainWatcher>(gateway.Services, node, new ChainWatchOptions { StartHeight = 1 });
        await watcher.PollAsync(CancellationToken.None);
        await InTransactionAsync(store => store.RequestRescanAsync(node.Chain, 2, CancellationToken.None));
        node.Fetches.Clear();

        node.FailingHeight = 3;
        await Assert.ThrowsAsync<ChainUnavailableException>(() => watcher.PollAsync(CancellationToken.None));
        var pendingAfterFailure = await PendingRescanAsync(node.Chain);
        node.FailingHeight = null;
        await watcher.PollAsync(CancellationToken.None);

        Assert.Equal(2, pendingAfterFailure);
        Assert.Null(await PendingRescanAsync(node.Chain));
        Assert.Equal([2, 2, 3], node.Fetches);
    }

    [Fact]
    public async Task ARescanIsDoneOnce()
    {
        var node = new ScriptedNode($"R{Guid.NewGuid():N}"[..10], tipHeight: 3);
        var watcher = ActivatorUtilities.CreateInstance<ChainWatcher>(gateway.Services, node, new ChainWatchOptions { StartHeight = 1 });
        await watcher.PollAsync(CancellationToken.None);
        await InTransactionAsync(store => store.RequestRescanAsync(node.Chain, 1, CancellationToken.None));
        node.Fetches.Clear();

        await watcher.PollAsync(CancellationToken.None);
        await watcher.PollAsync(CancellationToken.None);

        Assert.Equal([1, 2, 3], node.Fetches);
        Assert.Null(await PendingRescanAsync(node.Chain));
    }

    private async Task InTransactionAsync(Func<IChainStore, Task> write)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        await unitOfWork.BeginAsync(CancellationToken.None);
        await write(scope.ServiceProvider.GetRequiredService<IChainStore>());
        await unitOfWork.CommitAsync(CancellationToken.None);
    }

    private async Task<long?> PendingRescanAsync(string chain)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IChainStore>().FindRescanRequestAsync(chain, CancellationToken.None);
    }

    /// <summary>A node with a fixed chain of empty blocks, which fails to serve one height while told to.</summary>
    private sealed class ScriptedNode(string chain, long tipHeight) : IChainNode
    {
        public string Chain => chain;

        public IReadOnlyCollection<Currency> Methods => [Currency.LTC];

        public long? FailingHeight { get; set; }

        /// <summary>The heights of the blocks the watcher fetched, in order.</summary>
        public List<long> Fetches { get; } = [];

        public Task<NodeStatus> GetStatusAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new NodeStatus("regtest", tipHeight, Hash(tipHeight), Synced: true));

        public Task<string?> GetBlockHashAsync(long height, CancellationToken cancellationToken) =>
            Task.FromResult(height >= 1 && height <= tipHeight ? Hash(height) : null);

        public Task<ChainBlock> GetBlockAsync(string hash, IWatchList watched, CancellationToken cancellationToken)
        {
            var height = long.Parse(hash[(hash.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            if (height == FailingHeight)
            {
                throw new ChainUnavailableException($"{chain}: the node stopped answering at height {height}.");
            }

            Fetches.Add(height);
            return Task.FromResult(new ChainBlock(height, hash, Hash(height - 1), DateTimeOffset.UnixEpoch, []));
        }

        public Task<MempoolView> GetMempoolAsync(IWatchList watched, CancellationToken cancellationToken) =>
            Task.FromResult(new MempoolView([], new HashSet<string>()));

        public string WatchKey(Currency method, string destination) => destination;

        private string Hash(long height) => $"{chain}-block-{height}";
    }
}
