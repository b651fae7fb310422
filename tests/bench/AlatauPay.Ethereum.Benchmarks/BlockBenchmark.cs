using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AlatauPay.Application.Chains;
using AlatauPay.Chains.Ethereum;
using AlatauPay.Chains.Ethereum.Rpc;
using AlatauPay.Domain.Amounts;
using AlatauPay.Testing;

namespace AlatauPay.Ethereum.Benchmarks;

/// <summary>Processing one block with the node adapter against the raw cost of the same RPC calls, in one run.</summary>
internal static class BlockBenchmark
{
    private const int Rounds = 7;

    public static async Task<string> RunAsync(EvmDevnet devnet, BlockBuilder.Built block, int liveAddresses)
    {
        var options = new EvmChainOptions
        {
            ChainId = AnvilNode.ChainId,
            ForwarderFactory = devnet.Factory,
            RpcUrl = devnet.Anvil.Url,
            RpcTimeout = TimeSpan.FromMinutes(1),
            Tokens = [new EvmToken(Currency.USDT, devnet.Usdt, 6), new EvmToken(Currency.USDC, devnet.Usdc, 6)],
        };
        using var node = new EvmNode(options);
        using var rpc = new EvmRpcClient(devnet.Anvil.Url, TimeSpan.FromMinutes(1));

        // Live deposit addresses; every tenth address the block paid is among them, so matching also builds payments.
        var watched = new ScriptWatchList();
        var paidWatched = block.PaidAddresses.Where((_, i) => i % 10 == 0).ToList();
        foreach (var address in paidWatched)
        {
            watched.Add(node.WatchKey(Currency.ETH, address));
        }

        while (watched.Count < liveAddresses)
        {
            watched.Add(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)));
        }

        var few = new ScriptWatchList();
        few.Add(node.WatchKey(Currency.ETH, paidWatched[0]));

        EvmRpcReply[] fetched = [];
        var raw = await MedianAsync(async () =>
        {
            await rpc.CallAsync("eth_getBlockByNumber", [Hex(block.Height), false], CancellationToken.None);
            var replies = fetched = await rpc.BatchAsync(
                [
                    new EvmRpcCall("debug_traceBlockByHash", [block.Hash, new JsonObject { ["tracer"] = "callTracer" }]),
                    new EvmRpcCall("eth_getLogs", [new JsonObject
                    {
                        ["blockHash"] = block.Hash,
                        ["address"] = new JsonArray(devnet.Usdt, devnet.Usdc),
                        ["topics"] = new JsonArray(EvmBlockScanner.TransferTopic),
                    }]),
                ],
                CancellationToken.None);
            return replies.Length;
        });

        var scanner = new EvmBlockScanner(options.Tokens);
        var match = await MedianAsync(() =>
        {
            var found = new List<ObservedPayment>();
            EvmBlockScanner.ScanTraces(fetched[0].Result, watched, found);
            scanner.ScanLogs(fetched[1].Result, watched, found);
            return Task.FromResult(found.Count);
        });

        var payments = 0;
        var whole = await MedianAsync(async () =>
        {
            var hash = await node.GetBlockHashAsync(block.Height, CancellationToken.None);
            payments = (await node.GetBlockAsync(hash!, watched, CancellationToken.None)).Payments.Count;
            return payments;
        });

        var tripsWatched = await RoundTripsAsync(node, block.Height, watched);
        var tripsFew = await RoundTripsAsync(node, block.Height, few);
        var wholeFew = await MedianAsync(async () =>
            (await node.GetBlockAsync((await node.GetBlockHashAsync(block.Height, CancellationToken.None))!, few, CancellationToken.None)).Payments.Count);

        return Report(block, liveAddresses, payments, raw, match, whole, wholeFew, tripsWatched, tripsFew);
    }

    private static async Task<long> RoundTripsAsync(EvmNode node, long height, IWatchList watched)
    {
        var before = node.RoundTrips;
        var hash = await node.GetBlockHashAsync(height, CancellationToken.None);
        await node.GetBlockAsync(hash!, watched, CancellationToken.None);
        return node.RoundTrips - before;
    }

    private static async Task<TimeSpan> MedianAsync(Func<Task<int>> run)
    {
        await run();
        var times = new List<TimeSpan>();
        for (var i = 0; i < Rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed);
        }

        times.Sort();
        return times[Rounds / 2];
    }

    private static string Hex(long value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    private static string Report(
        BlockBuilder.Built block, int live, int payments, TimeSpan raw, TimeSpan match, TimeSpan whole, TimeSpan wholeFew, long trips, long tripsFew)
    {
        static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms";
        var overhead = (whole - raw).TotalMilliseconds / raw.TotalMilliseconds * 100;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Block: {block.Transactions} transactions (token transfers of both shapes, ETH from a contract wallet, ETH from accounts); {live:N0} live deposit addresses watched, {payments} of the block's payments to them; medians of {Rounds} runs.");
        text.AppendLine();
        text.AppendLine("| measure | value |");
        text.AppendLine("| --- | --- |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| (a) raw RPC: `eth_getBlockByNumber`, then one batch of `debug_traceBlockByHash` (call tracer) + `eth_getLogs` (token contracts, `Transfer`), JSON parsed | {Ms(raw)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| (c) matching alone: call traces and logs of (a) against {live:N0} live addresses | {Ms(match)} ({(match.TotalMilliseconds / raw.TotalMilliseconds * 100).ToString("0.00", CultureInfo.InvariantCulture)} % of a) |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| (b) `GetBlockHashAsync` + `GetBlockAsync` end to end, {live:N0} live addresses | {Ms(whole)} ({overhead.ToString("0.0", CultureInfo.InvariantCulture)} % over a) |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| (b) the same, 1 live address | {Ms(wholeFew)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| RPC round trips per block, {live:N0} live addresses | {trips} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| RPC round trips per block, 1 live address | {tripsFew} |");
        return text.ToString();
    }
}
