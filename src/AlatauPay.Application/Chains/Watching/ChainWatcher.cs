using AlatauPay.Application.Chains.Blocks;
using AlatauPay.Application.Diagnostics;
using AlatauPay.Application.Invoices.Reconcile;
using AlatauPay.Application.Leases;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlatauPay.Application.Chains.Watching;

/// <summary>
/// Follows one chain block by block. Each poll: pick up new deposit targets, walk back over blocks the
/// node no longer has (a reorg), connect new blocks checking each one's parent, read the mempool, then
/// reconcile every invoice whose payments changed or still wait for depth. Every write is a mediator
/// command in its own transaction and safe to repeat, so a crash between any two steps loses nothing.
/// </summary>
public sealed partial class ChainWatcher(
    IChainNode node,
    ChainWatchOptions options,
    IServiceScopeFactory scopes,
    ChainHealthBoard health,
    AlatauPayMetrics metrics,
    TimeProvider clock,
    ILogger<ChainWatcher> logger)
{
    private readonly ScriptWatchList watchList = new();
    private long lastTargetSequence;
    private DateTimeOffset nextRebuildAt = DateTimeOffset.MinValue;

    public string Chain => node.Chain;

    /// <summary>
    /// The lease this instance watches the chain under; every write the watcher makes is fenced by it. The caller
    /// keeps it renewed while a poll runs and cancels the poll when it is lost (decision 42).
    /// </summary>
    public Lease? Lease { get; set; }

    public Task PollAsync(CancellationToken cancellationToken) => PollAsync(CancellationToken.None, cancellationToken);

    /// <param name="stopping">Asks the poll to end after the block it is on; what it leaves, the next poll does.</param>
    /// <param name="cancellationToken">
    /// Abandons the poll where it is (the shutdown timeout ran out, or the lease was lost); every step is safe to repeat.
    /// </param>
    public async Task PollAsync(CancellationToken stopping, CancellationToken cancellationToken)
    {
        await RefreshWatchListAsync(cancellationToken);
        var status = await node.GetStatusAsync(cancellationToken);
        var touched = new HashSet<InvoiceId>();
        var tip = await SyncBlocksAsync(status, touched, stopping, cancellationToken);
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        await ReadMempoolAsync(tip, touched, cancellationToken);
        await ReconcileAsync(touched, cancellationToken);
        health.Report(new ChainHealth(Chain, true, true, status.Synced, status.TipHeight, tip?.Height, tip?.Hash, clock.GetUtcNow(), null));
    }

    /// <summary>
    /// What an instance reports while another holds the watcher's lease: the node as it answers this instance, and
    /// the last block the holder recorded. It writes nothing, and it did not poll, so it gives no poll time. A node
    /// it cannot reach is reported as such, but does not make the instance unready (see <see cref="ChainHealth.Standby"/>).
    /// </summary>
    public async Task ReportStandbyAsync(CancellationToken cancellationToken)
    {
        var tip = await QueryAsync(store => store.GetTipAsync(Chain, cancellationToken));
        try
        {
            var status = await node.GetStatusAsync(cancellationToken);
            health.Report(new ChainHealth(Chain, true, true, status.Synced, status.TipHeight, tip?.Height, tip?.Hash, null, null, Standby: true));
        }
        catch (ChainUnavailableException unavailable)
        {
            health.Report(new ChainHealth(Chain, true, false, false, health.Get(Chain)?.NodeTipHeight, tip?.Height, tip?.Hash, null, unavailable.Message, Standby: true));
        }
    }

    private async Task<BlockPointer?> SyncBlocksAsync(
        NodeStatus status, HashSet<InvoiceId> touched, CancellationToken stopping, CancellationToken cancellationToken)
    {
        var tip = await QueryAsync(store => store.GetTipAsync(Chain, cancellationToken));
        await RescanAsync(tip, touched, stopping, cancellationToken);
        tip = await WalkBackAsync(tip, touched, cancellationToken);
        // With no canonical block left (a reorg reached below the first block we recorded, possibly in an
        // earlier poll that failed before connecting the new branch), start over where our history starts:
        // jumping to the node's tip would skip the new branch's blocks and judge their payments gone.
        var next = tip is not null ? tip.Height + 1
            : await QueryAsync(store => store.GetLowestRecordedHeightAsync(Chain, cancellationToken)) ?? options.StartHeight ?? status.TipHeight;
        for (var height = next; height <= status.TipHeight && !stopping.IsCancellationRequested; height++)
        {
            var hash = await node.GetBlockHashAsync(height, cancellationToken);
            if (hash is null)
            {
                break;
            }

            var block = await node.GetBlockAsync(hash, watchList, cancellationToken);

            // An invoice committed after the watch list was last read may already be paid in this block (the
            // watcher is catching up, or the payment came quickly): once the block is in hand, every invoice
            // it could pay has committed, so read the list again and, if it grew, match the block again.
            if (await RefreshWatchListAsync(cancellationToken))
            {
                block = await node.GetBlockAsync(hash, watchList, cancellationToken);
            }

            if (tip is not null && block.ParentHash != tip.Hash)
            {
                LogChainMoved(logger, Chain, height);
                break;
            }

            touched.UnionWith(await SendAsync(new ConnectBlockCommand(Chain, block), cancellationToken));
            tip = new BlockPointer(block.Height, block.Hash);
        }

        return tip;
    }

    /// <summary>Disconnects our blocks until one is again on the node's best chain; the reorg's fork point.</summary>
    private async Task<BlockPointer?> WalkBackAsync(BlockPointer? tip, HashSet<InvoiceId> touched, CancellationToken cancellationToken)
    {
        var depth = 0;
        while (tip is not null && await node.GetBlockHashAsync(tip.Height, cancellationToken) != tip.Hash)
        {
            if (++depth > options.MaxReorgDepth)
            {
                throw new ReorgTooDeepException($"{Chain}: more than {options.MaxReorgDepth} blocks were reorganised; the watcher stops rather than guess. Check the node, then rescan.");
            }

            touched.UnionWith(await SendAsync(new DisconnectBlockCommand(Chain, tip.Hash), cancellationToken));
            LogDisconnected(logger, Chain, tip.Height, tip.Hash);
            var height = tip.Height - 1;
            tip = await QueryAsync(store => store.GetCanonicalBlockAsync(Chain, height, cancellationToken));
        }

        return tip;
    }

    private async Task ReadMempoolAsync(BlockPointer? tip, HashSet<InvoiceId> touched, CancellationToken cancellationToken)
    {
        var unconfirmed = await QueryAsync(store => store.ListUnconfirmedTxIdsAsync(Chain, cancellationToken));
        var mempool = await node.GetMempoolAsync(watchList, unconfirmed, cancellationToken);
        // A block found while the mempool was read takes its transactions out of the mempool before we
        // process it; only a mempool read against an unchanged tip may declare payments gone.
        var unchanged = tip is not null
            && await node.GetBlockHashAsync(tip.Height + 1, cancellationToken) is null
            && await node.GetBlockHashAsync(tip.Height, cancellationToken) == tip.Hash;
        touched.UnionWith(await SendAsync(new RecordMempoolCommand(Chain, mempool, unchanged), cancellationToken));
    }

    private async Task ReconcileAsync(HashSet<InvoiceId> touched, CancellationToken cancellationToken)
    {
        touched.UnionWith(await QueryAsync(store => store.ListUnreconciledAsync(Chain, cancellationToken)));
        Exception? firstFailure = null;
        foreach (var invoice in touched)
        {
            try
            {
                var outcome = await SendAsync(new ReconcileInvoiceCommand(invoice), cancellationToken);
                foreach (var key in outcome.EntriesPosted)
                {
                    LogPosted(logger, Chain, invoice.Value, key, outcome.Status);
                }

                Count(outcome);
            }
            catch (ConcurrentUpdateException)
            {
                LogReconcileRaced(logger, Chain, invoice.Value);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // One invoice that cannot be reconciled must not hold up the others; the poll still fails
                // afterwards, so the watcher reports it and tries again.
                firstFailure ??= new InvalidOperationException($"{Chain}: reconciling {invoice} failed: {failure.Message}", failure);
            }
        }

        if (firstFailure is not null)
        {
            throw firstFailure;
        }
    }

    /// <summary>The reconciliation has committed by now, so what it did is counted once.</summary>
    private void Count(ReconcileOutcome outcome)
    {
        if (outcome.PaymentSeen)
        {
            metrics.PaymentSeen(Chain);
        }

        if (outcome.EntriesPosted.Any(PaymentReconciliation.IsSettlementKey))
        {
            metrics.PaymentSettled(Chain);
        }
    }

    /// <returns>Whether any destination was added (or the list rebuilt).</returns>
    private async Task<bool> RefreshWatchListAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rebuild = now >= nextRebuildAt;
        var since = rebuild ? 0 : lastTargetSequence;
        var targets = await QueryAsync(store => store.ListWatchTargetsAsync(node.Methods, now - options.MonitoringWindow, since, cancellationToken));
        if (rebuild)
        {
            watchList.Clear();
            nextRebuildAt = now + options.WatchListRebuildInterval;
        }

        foreach (var target in targets)
        {
            watchList.Add(node.WatchKey(target.Method, target.Destination));
        }

        lastTargetSequence = targets.Count > 0 ? Math.Max(lastTargetSequence, targets.Max(t => t.Sequence)) : lastTargetSequence;
        return targets.Count > 0;
    }

    private async Task<T> SendAsync<T>(ICommand<T> command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WriterFence>().Lease = Lease;
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
    }

    private async Task<T> QueryAsync<T>(Func<IChainStore, Task<T>> query)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<IChainStore>());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Chain}: block at height {Height} does not build on our tip; walking back next poll")]
    private static partial void LogChainMoved(ILogger logger, string chain, long height);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Chain}: reorg disconnected block {Height} {Hash}")]
    private static partial void LogDisconnected(ILogger logger, string chain, long height, string hash);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Chain}: {Invoice} posted {EntryKey}; now {Status}")]
    private static partial void LogPosted(ILogger logger, string chain, string invoice, string entryKey, string status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Chain}: {Invoice} changed while reconciling; it is reconciled again next poll")]
    private static partial void LogReconcileRaced(ILogger logger, string chain, string invoice);
}

/// <summary>The node's chain diverged from ours deeper than the watcher follows.</summary>
public sealed class ReorgTooDeepException(string message) : Exception(message);
