using AlatauPay.Application.Chains.Blocks;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using Microsoft.Extensions.Logging;

namespace AlatauPay.Application.Chains.Watching;

/// <summary>Rescans an operator asked for: blocks processed again, from a height up to our tip.</summary>
public sealed partial class ChainWatcher
{
    /// <summary>
    /// Processes again the blocks a pending rescan request asks for, up to our tip, recording its progress block by
    /// block. A node failure stops the rescan where it is and leaves the rest for the next poll, without keeping
    /// this poll from new blocks: a block the node cannot serve again (old state pruned) must not stall the chain.
    /// </summary>
    private async Task RescanAsync(BlockPointer? tip, HashSet<InvoiceId> touched, CancellationToken stopping, CancellationToken cancellationToken)
    {
        var from = await QueryAsync(store => store.FindRescanRequestAsync(Chain, cancellationToken));
        if (from is null)
        {
            return;
        }

        // Blocks above our tip are not processed yet, so the blocks this poll connects cover them.
        if (tip is null || from > tip.Height)
        {
            await SendAsync(new AdvanceRescanCommand(Chain, from.Value, null), cancellationToken);
            return;
        }

        LogRescan(logger, Chain, from.Value, tip.Height);
        nextRebuildAt = DateTimeOffset.MinValue;
        await RefreshWatchListAsync(cancellationToken);
        var height = from.Value;
        try
        {
            for (; height <= tip.Height && !stopping.IsCancellationRequested; height++)
            {
                // The node's chain is shorter than ours (a reorg): the walk back comes first; the rest waits.
                if (await node.GetBlockHashAsync(height, cancellationToken) is not { } hash)
                {
                    return;
                }

                touched.UnionWith(await SendAsync(new ConnectBlockCommand(Chain, await node.GetBlockAsync(hash, watchList, cancellationToken)), cancellationToken));
                var next = height < tip.Height ? height + 1 : (long?)null;
                if (!await SendAsync(new AdvanceRescanCommand(Chain, height, next), cancellationToken))
                {
                    return;
                }
            }
        }
        catch (ChainUnavailableException failure)
        {
            LogRescanStopped(logger, Chain, height, failure.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Chain}: rescanning blocks {From}..{To}")]
    private static partial void LogRescan(ILogger logger, string chain, long from, long to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Chain}: the rescan stopped at block {Height} ({Reason}); it goes on from there next poll")]
    private static partial void LogRescanStopped(ILogger logger, string chain, long height, string reason);
}
