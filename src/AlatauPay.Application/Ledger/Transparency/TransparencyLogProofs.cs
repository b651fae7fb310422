using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Application.Ledger.Transparency;

public static class TransparencyLogProofs
{
    /// <summary>
    /// Runs a Merkle computation over the stored tree: first over placeholders to learn which nodes it reads,
    /// then once more over those nodes fetched in a single query.
    /// </summary>
    public static async Task<T> ComputeAsync<T>(this ITransparencyLog log, Func<Func<MerkleNode, byte[]>, T> computation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(computation);
        var needed = MerkleProofs.NodesRead(nodes => computation(nodes));
        var stored = await log.ReadNodesAsync(needed, cancellationToken);
        return computation(node => stored.TryGetValue(node, out var hash)
            ? hash
            : throw new InvalidOperationException($"Merkle node {node} is missing from the store."));
    }
}
