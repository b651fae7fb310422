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

/// <summary>
/// The same block read without call traces (<see cref="EvmTracing.Off"/>): top-level transactions, receipts,
/// logs and a balance check of every live address, against the raw cost of those calls in one run.
/// </summary>
internal static class BalanceFallbackBenchmark
{
    private const int Rounds = 5;

    public static async Task<string> RunAsync(EvmDevnet devnet, BlockBuilder.Built block, int liveAddresses)
    {
        var options = new EvmChainOptions
        {
            ChainId = AnvilNode.ChainId,
            ForwarderFactory = devnet.Factory,
            RpcUrl = devnet.Anvil.Url,
            RpcTimeout = TimeSpan.FromMinutes(1),
            Tokens = [new EvmToken(Currency.USDT, devnet.Usdt, 6), new EvmToken(Currency.USDC, devnet.Usdc, 6)],
            Tracing = EvmTracing.Off,
        };
        using var node = new EvmNode(options);
        using var rpc = new EvmRpcClient(devnet.Anvil.Url, TimeSpan.FromMinutes(1));
        var watched = new ScriptWatchList();
        foreach (var address in block.PaidAddresses.Where((_, i) => i % 10 == 0))
        {
            watched.Add(node.WatchKey(Currency.ETH, address));
        }

        while (watched.Count < liveAddresses)
        {
            watched.Add(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)));
        }

        var header = await rpc.CallAsync("eth_getBlockByNumber", [Hex(block.Height), false], CancellationToken.None);
        var parent = header.GetProperty("parentHash").GetString()!;
        var keys = watched.Keys.ToList();
        var raw = await MedianAsync(async () =>
        {
            await rpc.CallAsync("eth_getBlockByNumber", [Hex(block.Height), false], CancellationToken.None);
            List<EvmRpcCall> calls =
            [
                new("eth_getBlockByHash", [block.Hash, true]),
                new("eth_getBlockReceipts", [block.Hash]),
                new("eth_getLogs", [new JsonObject { ["blockHash"] = block.Hash, ["address"] = new JsonArray(devnet.Usdt, devnet.Usdc), ["topics"] = new JsonArray(EvmBlockScanner.TransferTopic) }]),
                .. EvmBalanceCheck.Calls(keys, block.Hash, parent),
            ];
            foreach (var chunk in calls.Chunk(EvmBalanceCheck.CallsPerBatch))
            {
                await rpc.BatchAsync(chunk, CancellationToken.None);
            }

            return calls.Count;
        });

        var payments = 0;
        var whole = await MedianAsync(async () =>
        {
            var hash = await node.GetBlockHashAsync(block.Height, CancellationToken.None);
            payments = (await node.GetBlockAsync(hash!, watched, CancellationToken.None)).Payments.Count;
            return payments;
        });
        var before = node.RoundTrips;
        await node.GetBlockAsync((await node.GetBlockHashAsync(block.Height, CancellationToken.None))!, watched, CancellationToken.None);
        var trips = node.RoundTrips - before;

        static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms";
        var overhead = (whole - raw).TotalMilliseconds / raw.TotalMilliseconds * 100;
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Without call traces (`Rpc:Tracing=off`), same block, {liveAddresses:N0} live addresses, {payments} payments found; medians of {Rounds} runs.");
        text.AppendLine();
        text.AppendLine("| measure | value |");
        text.AppendLine("| --- | --- |");
        text.AppendLine(c, $"| (a) raw RPC: header, then block with transactions + receipts + logs + 2 × {liveAddresses:N0} `eth_getBalance`, in batches of {EvmBalanceCheck.CallsPerBatch} | {Ms(raw)} |");
        text.AppendLine(c, $"| (b) `GetBlockHashAsync` + `GetBlockAsync` end to end | {Ms(whole)} ({overhead.ToString("0.0", c)} % over a) |");
        text.AppendLine(c, $"| RPC round trips per block | {trips} |");
        return text.ToString();
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
}
