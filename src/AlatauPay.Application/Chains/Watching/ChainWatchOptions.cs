namespace AlatauPay.Application.Chains.Watching;

/// <summary><c>AlatauPay:Chains:&lt;CHAIN&gt;:Watch</c>: how a chain's watcher paces itself.</summary>
public sealed class ChainWatchOptions
{
    /// <summary>How often the node is asked for new blocks and mempool transactions.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Deepest reorg the watcher follows; deeper, it stops and reports unhealthy rather than guess.</summary>
    public int MaxReorgDepth { get; set; } = 100;

    /// <summary>How long after an invoice expires payments to it are still looked for (paid late).</summary>
    public TimeSpan MonitoringWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the watch list is rebuilt to drop destinations past their monitoring window.</summary>
    public TimeSpan WatchListRebuildInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Where a watcher with no history starts; null starts at the node's tip.</summary>
    public long? StartHeight { get; set; }
}
