using AlatauPay.Application.Chains.Watching;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlatauPay.Api.Hosting;

/// <summary>Ready only while every watched chain's node answers and its watcher keeps up.</summary>
public sealed class ChainHealthCheck(ChainHealthBoard board) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = board.Chains.Values.OrderBy(c => c.Chain, StringComparer.Ordinal).ToDictionary(
            c => c.Chain,
            c => (object)new
            {
                watched = c.Watched,
                nodeReachable = c.NodeReachable,
                nodeSynced = c.NodeSynced,
                nodeTipHeight = c.NodeTipHeight,
                lastBlockProcessed = c.ProcessedHeight,
                lagBlocks = c.LagBlocks,
                lastPollAt = c.LastPollAt,
                problem = c.Problem,
            });
        var failing = board.Chains.Values.Where(c => !c.IsHealthy).Select(c => $"{c.Chain}: {c.Problem ?? "node unreachable"}").ToList();
        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy(data.Count == 0 ? "no chain is watched" : "every watched chain keeps up", data)
            : HealthCheckResult.Unhealthy(string.Join("; ", failing), data: data));
    }
}
