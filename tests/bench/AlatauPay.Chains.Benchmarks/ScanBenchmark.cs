using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AlatauPay.Application.Chains;
using AlatauPay.Chains.Bitcoin;
using AlatauPay.Chains.Bitcoin.Rpc;
using AlatauPay.Testing;
using NBitcoin;

namespace AlatauPay.Chains.Benchmarks;

/// <summary>Fetch+decode of a block against matching it, watch list memory, and derivation speed.</summary>
internal static class ScanBenchmark
{
    private const int Rounds = 15;

    public static async Task<string> RunAsync(RegtestNode regtest, string hash, int liveScripts)
    {
        using var node = new BitcoinFamilyNode(BitcoinFamilyChain.Litecoin, new BitcoinFamilyOptions
        {
            Network = "regtest",
            Rpc = new BitcoinRpcOptions { Url = regtest.RpcUrl, User = regtest.RpcUser, Password = regtest.RpcPassword, Timeout = TimeSpan.FromMinutes(1) },
        });
        var block = await regtest.CallAsync("getblock", hash, 2);
        var transactions = block.GetProperty("tx").GetArrayLength();
        var outputs = block.GetProperty("tx").EnumerateArray().Sum(t => t.GetProperty("vout").GetArrayLength());

        // Live deposit scripts, plus one output of the block so matching also builds payments.
        var hashes = Enumerable.Range(0, liveScripts).Select(_ => RandomNumberGenerator.GetBytes(20)).ToArray();
        var paid = block.GetProperty("tx")[1].GetProperty("vout")[0].GetProperty("scriptPubKey").GetProperty("hex").GetString()!;
        var (strings, stringBytes) = Measure(() => BuildStringSet(hashes, paid));
        var (compact, compactBytes) = Measure(() => BuildCompact(hashes, paid));

        using var rpc = new BitcoinRpcClient(new BitcoinRpcOptions { Url = regtest.RpcUrl, User = regtest.RpcUser, Password = regtest.RpcPassword, Timeout = TimeSpan.FromMinutes(1) }, "LTC", "bench", Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var fetch = await MedianAsync(() => rpc.CallAsync(new RpcRequest("getblock", hash, 2), tx => tx.GetProperty("tx").GetArrayLength(), CancellationToken.None));
        var matchStrings = await MedianAsync(() => Task.FromResult(node.ReadBlock(block, strings).Payments.Count));
        var matchCompact = await MedianAsync(() => Task.FromResult(node.ReadBlock(block, compact).Payments.Count));
        var whole = await MedianAsync(async () => (await node.GetBlockAsync(hash, compact, CancellationToken.None)).Payments.Count);
        var derivations = DerivationsPerSecond();

        return Report(transactions, outputs, liveScripts, fetch, matchStrings, matchCompact, whole, stringBytes, compactBytes, derivations, node.ReadBlock(block, compact).Payments.Count);
    }

    private static StringSetWatchList BuildStringSet(byte[][] hashes, string paid)
    {
        var set = new HashSet<string>(hashes.Length + 1, StringComparer.Ordinal);
        foreach (var h in hashes)
        {
            set.Add("0014" + Convert.ToHexStringLower(h));
        }

        set.Add(paid);
        return new StringSetWatchList(set);
    }

    private static ScriptWatchList BuildCompact(byte[][] hashes, string paid)
    {
        var list = new ScriptWatchList();
        foreach (var h in hashes)
        {
            list.Add("0014" + Convert.ToHexStringLower(h));
        }

        list.Add(paid);
        return list;
    }

    private static (T Value, long Bytes) Measure<T>(Func<T> build)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var value = build();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(value);
        return (value, after - before);
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

        return times.Order().ElementAt(Rounds / 2);
    }

    private static double DerivationsPerSecond()
    {
        var provider = new BitcoinFamilyPaymentMethodProvider(BitcoinFamilyChain.Litecoin, new BitcoinFamilyOptions { Network = "regtest" });
        var tpub = new ExtKey().Derive(new KeyPath("m/84'/1'/0'")).Neuter().ToString(Network.TestNet);
        var key = provider.ParseWalletKey(tpub, "wallet");
        var zero = Domain.Amounts.Money.Zero(Domain.Amounts.Currency.LTC);
        provider.Derive(key, 0, zero);
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(3))
        {
            provider.Derive(key, ++count, zero);
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    private static string Report(
        int transactions, int outputs, int live, TimeSpan fetch, TimeSpan matchStrings, TimeSpan matchCompact, TimeSpan whole,
        long stringBytes, long compactBytes, double derivations, int payments)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Block: {transactions:N0} transactions, {outputs:N0} outputs; {live:N0} live P2WPKH deposit scripts watched; medians of {Rounds} runs.");
        text.AppendLine();
        text.AppendLine("| measure | value |");
        text.AppendLine("| --- | --- |");
        text.AppendLine(c, $"| (a) fetch + decode (`getblock <hash> 2` over RPC, JSON parse) | {fetch.TotalMilliseconds:F1} ms |");
        text.AppendLine(c, $"| (b) match outputs, `HashSet<string>` watch list | {matchStrings.TotalMilliseconds:F2} ms ({matchStrings / fetch:P1} of a) |");
        text.AppendLine(c, $"| (b) match outputs, `ScriptWatchList` | {matchCompact.TotalMilliseconds:F2} ms ({matchCompact / fetch:P1} of a) |");
        text.AppendLine(c, $"| `GetBlockAsync` end to end (`ScriptWatchList`, {payments} payment) | {whole.TotalMilliseconds:F1} ms |");
        text.AppendLine(c, $"| memory per live script, `HashSet<string>` of hex | {(double)stringBytes / live:F0} bytes |");
        text.AppendLine(c, $"| memory per live script, `ScriptWatchList` | {(double)compactBytes / live:F0} bytes |");
        text.AppendLine(c, $"| address derivations (`BitcoinFamilyPaymentMethodProvider.Derive`, one thread) | {derivations:N0} /s |");
        return text.ToString();
    }
}

/// <summary>The obvious watch list, measured as the baseline for <see cref="ScriptWatchList"/>.</summary>
internal sealed class StringSetWatchList(HashSet<string> scripts) : IWatchList
{
    public int Count => scripts.Count;

    public IEnumerable<string> Keys => scripts;

    public bool Contains(string watchKey) => scripts.Contains(watchKey);
}
