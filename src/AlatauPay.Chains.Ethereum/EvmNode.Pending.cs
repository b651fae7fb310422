using System.Text.Json;
using AlatauPay.Application.Chains;

namespace AlatauPay.Chains.Ethereum;

public sealed partial class EvmNode
{
    private const int PendingCallsPerBatch = 100;

    /// <summary>
    /// A payment whose block a reorg took away is asked about by hash: a node puts such a transaction back in its
    /// pool, where it may still confirm. One the node no longer knows is gone; one it has mined again is in a block
    /// the watcher connects. Without this a settled payment would be reversed at the first poll after any reorg.
    /// </summary>
    public async Task<MempoolView> GetMempoolAsync(IWatchList watched, IReadOnlyCollection<string> unconfirmed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unconfirmed);
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in unconfirmed.Chunk(PendingCallsPerBatch))
        {
            var replies = await rpc.BatchAsync([.. chunk.Select(hash => Call("eth_getTransactionByHash", hash))], cancellationToken).ConfigureAwait(false);
            foreach (var (hash, reply) in chunk.Zip(replies))
            {
                // A transaction already mined again is in a block the watcher connects; only a pending one is held here.
                if (reply.ResultOrThrow(rpc.Endpoint) is { ValueKind: JsonValueKind.Object } transaction
                    && (!transaction.TryGetProperty("blockNumber", out var block) || block.ValueKind == JsonValueKind.Null))
                {
                    held.Add(hash);
                }
            }
        }

        return held.Count == 0 ? NoMempool : new MempoolView([], held);
    }
}
