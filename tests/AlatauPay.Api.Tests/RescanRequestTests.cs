using AlatauPay.Application.Chains;
using AlatauPay.Application.Chains.Watching;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Api.Tests;

/// <summary>
/// A rescan an operator asked for is done once, and only once it is done: a poll that the node interrupts
/// halfway leaves the rest of the request for the next poll instead of dropping it unsaid, and goes on to the
/// new blocks meanwhile.
/// </summary>
public sealed class RescanRequestTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task ARescanTheNodeInterruptsGoesOnFromWhereItStoppedAndDoesNotHoldUpNewBlocks()
    {
        var (node, watcher) = await RescanRequestedAsync(fromHeight: 2);

        // Block 3 cannot be served again (say, its state was pruned), and block 4 has just been found.
        node.FailingHeight = 3;
        node.TipHeight = 4;
        await watcher.PollAsync(CancellationToken.None);
        var pendingAfterFailure = await PendingRescanAsync(node.Chain);
        var tipAfterFailure = await TipAsync(node.Chain);
        node.FailingHeight = null;
        await watcher.PollAsync(CancellationToken.None);

        Assert.Equal(3, pendingAfterFailure);
        Assert.Equal(4, tipAfterFailure);
        Assert.Null(await PendingRescanAsync(node.Chain));
        Assert.Equal([2, 4, 3, 4], node.Fetches);
    }

    [Fact]
    public async Task ARescanIsDoneOnce()
    {
        var (node, watcher) = await RescanRequestedAsync(fromHeight: 1);

        await watcher.PollAsync(CancellationToken.None);
        await watcher.PollAsync(CancellationToken.None);

        Assert.Equal([1, 2, 3], node.Fetches);
        Assert.Null(await PendingRescanAsync(node.Chain));
    }

    /// <summary>
    /// A watcher that has processed blocks 1–3 of a chain of its own, and a rescan asked from <paramref name="fromHeight"/>;
    /// the node's record of fetches starts after that.
    /// </summary>
    private async Task<(ScriptedNode Node, ChainWatcher Watcher)> RescanRequestedAsync(long fromHeight)
    {
        var node = new ScriptedNode($"R{Guid.NewGuid():N}"[..10], tipHeight: 3);
        var watcher = ActivatorUtilities.CreateInstance<ChainWatcher>(gateway.Services, node, new ChainWatchOptions { StartHeight = 1 });
        await watcher.PollAsync(CancellationToken.None);
        await InTransactionAsync(store => store.RequestRescanAsync(node.Chain, fromHeight, CancellationToken.None));
        node.Fetches.Clear();
        return (node, watcher);
    }

    private async Task InTransactionAsync(Func<IChainStore, Task> write)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        await unitOfWork.BeginAsync(CancellationToken.None);
        await write(scope.ServiceProvider.GetRequiredService<IChainStore>());
        await unitOfWork.CommitAsync(CancellationToken.None);
    }

    private async Task<long?> TipAsync(string chain)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IChainStore>().GetTipAsync(chain, CancellationToken.None))?.Height;
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

        public long TipHeight { get; set; } = tipHeight;

        public IReadOnlyCollection<Currency> Methods => [Currency.LTC];

        public long? FailingHeight { get; set; }

        /// <summary>The heights of the blocks the watcher fetched, in order.</summary>
        public List<long> Fetches { get; } = [];

        public Task<NodeStatus> GetStatusAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new NodeStatus("regtest", TipHeight, Hash(TipHeight), Synced: true));

        public Task<string?> GetBlockHashAsync(long height, CancellationToken cancellationToken) =>
            Task.FromResult(height >= 1 && height <= TipHeight ? Hash(height) : null);

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
