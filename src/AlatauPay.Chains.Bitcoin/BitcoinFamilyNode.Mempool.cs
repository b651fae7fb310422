using AlatauPay.Application.Chains;
using AlatauPay.Chains.Bitcoin.Rpc;
using Microsoft.Extensions.Logging;

namespace AlatauPay.Chains.Bitcoin;

public sealed partial class BitcoinFamilyNode
{
    private async Task<MempoolView> ReadMempoolAsync(IWatchList watched, CancellationToken cancellationToken)
    {
        var txids = await rpc.CallAsync(
            new RpcRequest("getrawmempool"),
            result => result.EnumerateArray().Select(t => t.GetString() ?? throw new FormatException("a txid is not a string")).ToHashSet(StringComparer.Ordinal),
            cancellationToken).ConfigureAwait(false);
        mempool.KeepOnly(txids);

        var payments = new List<ObservedPayment>();
        var fresh = new List<string>();
        foreach (var txid in txids)
        {
            if (mempool.TryGet(txid, out var cached))
            {
                payments.AddRange(cached.Where(m => watched.Contains(m.WatchKey)).Select(m => m.Payment));
            }
            else
            {
                fresh.Add(txid);
            }
        }

        foreach (var batch in fresh.Chunk(MempoolBatchSize))
        {
            var replies = await rpc.BatchAsync(
                [.. batch.Select(txid => new RpcRequest("getrawtransaction", txid, true))],
                reply => Examine(reply, watched),
                cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < batch.Length; i++)
            {
                if (replies[i] is { } matches)
                {
                    mempool.Remember(batch[i], matches);
                    payments.AddRange(matches.Select(m => m.Payment));
                }
                else
                {
                    // Mined or replaced between the two calls: it is no longer in the mempool.
                    txids.Remove(batch[i]);
                }
            }
        }

        LogMempoolRead(logger, Chain, txids.Count, fresh.Count, payments.Count);
        return new MempoolView(payments, txids);
    }

    private List<TransactionScanner.Match>? Examine(RpcReply reply, IWatchList watched)
    {
        if (reply.Error is { Code: RpcError.InvalidAddressOrKey })
        {
            return null;
        }

        var matches = new List<TransactionScanner.Match>();
        scanner.Scan(reply.ResultOrThrow(Chain), watched, matches);
        return matches;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Chain} mempool: {Transactions} transactions, {Examined} newly examined, {Payments} watched payments")]
    private static partial void LogMempoolRead(ILogger logger, string chain, int transactions, int examined, int payments);
}
