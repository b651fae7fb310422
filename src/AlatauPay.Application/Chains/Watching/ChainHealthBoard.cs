using System.Collections.Concurrent;

namespace AlatauPay.Application.Chains.Watching;

/// <summary>What each chain's watcher last reported, for readiness checks and the operator.</summary>
public sealed class ChainHealthBoard
{
    private readonly ConcurrentDictionary<string, ChainHealth> chains = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, ChainHealth> Chains => chains;

    public void Report(ChainHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        chains[health.Chain] = health;
    }

    public ChainHealth? Get(string chain) => chains.GetValueOrDefault(chain);
}

/// <param name="Watched">False when the chain issues addresses but has no node configured.</param>
/// <param name="Problem">Why the watcher is not keeping up, in words an operator can act on; null when well.</param>
/// <param name="Standby">
/// Another instance holds the watcher's lease: this one reports what it sees but does not watch, so its readiness
/// does not hang on the chain. (A node shared by every instance going down would otherwise take them all out of the
/// load balancer, invoices, checkout and the other chains with it.)
/// </param>
public sealed record ChainHealth(
    string Chain,
    bool Watched,
    bool NodeReachable,
    bool NodeSynced,
    long? NodeTipHeight,
    long? ProcessedHeight,
    string? ProcessedHash,
    DateTimeOffset? LastPollAt,
    string? Problem,
    bool Standby = false)
{
    public long? LagBlocks => NodeTipHeight - ProcessedHeight;

    public bool IsHealthy => !Watched || Standby || (NodeReachable && Problem is null);
}
