using System.Text.Json;
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
            result => result.EnumerateArray().Select(t => RpcJson.Hash(t.ValueKind == JsonValueKind.String ? t.GetString() : null, "txid")).ToHashSet(StringComparer.Ordinal),
            cancellationToken).ConfigureAwait(false);
        mempool.KeepOnly(txids);

        var payments = new List<ObservedPayment>();
        var fresh = new List<string>();
        foreach (var txid in txids)
        {
            if (mempool.TryGet(txid, out var cached))
            {
                payments.AddRange(cached.Where(o => watched.Contains(o.WatchKey)).Select(o => scanner.Payment(txid, o)));
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
                Examine,
                cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < batch.Length; i++)
            {
                if (replies[i] is { } outputs)
                {
                    mempool.Remember(batch[i], outputs);
                    payments.AddRange(outputs.Where(o => watched.Contains(o.WatchKey)).Select(o => scanner.Payment(batch[i], o)));
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

    private TransactionScanner.Output[]? Examine(RpcReply reply) =>
        reply.Error is { Code: RpcError.InvalidAddressOrKey } ? null : scanner.Outputs(reply.ResultOrThrow(Chain));

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Chain} mempool: {Transactions} transactions, {Examined} newly examined, {Payments} watched payments")]
    private static partial void LogMempoolRead(ILogger logger, string chain, int transactions, int examined, int payments);
}
