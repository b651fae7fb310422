using System.Globalization;
using System.Text.Json;

namespace AlatauPay.Testing;

/// <summary>What the competing branch of a reorg does with the payments of the blocks it replaces.</summary>
public enum ReorgKind
{
    /// <summary>The new branch carries the payments again (in other blocks).</summary>
    Remine,

    /// <summary>The new branch leaves the payments out; they wait in the mempool until <c>ReleaseHeldAsync</c>.</summary>
    HoldOut,

    /// <summary>The payments are replaced by conflicting transactions paying the wallet: they never confirm.</summary>
    DoubleSpend,
}

/// <summary>One reorg as a drill made it: how deep, of which kind, and which of its payments it touched.</summary>
public sealed record ReorgRecord(string Chain, int Depth, ReorgKind Kind, IReadOnlyList<string> Payments);

/// <summary>
/// Drives a regtest node for fault drills: pays invoices from coins set aside for the purpose, reorganises
/// the chain to a chosen depth with a competing branch that carries the reorganised payments again, leaves
/// them out for a while, or double-spends them, and stops and restarts the node on its data directory.
/// Payments spend dedicated outputs rather than coinbases, so a reorg never makes a payment's input
/// immature (which would evict it from the mempool behind the drill's back), and each signals BIP125 so it
/// can be double-spent (the node runs with <c>-mempoolreplacement=1</c>).
/// </summary>
public sealed class RegtestChaos(RegtestNode node)
{
    private const decimal CoinValue = 1m;
    private const decimal PaymentFee = 0.0001m;
    private const decimal DoubleSpendFee = 0.002m;

    /// <summary>A fee delta that sinks a transaction below any block's minimum feerate, so miners leave it out.</summary>
    private const long SinkingDelta = -100_000_000;

    private readonly Queue<Outpoint> coins = new();
    private readonly Dictionary<string, Outpoint> spentBy = new(StringComparer.Ordinal);
    private readonly HashSet<string> held = new(StringComparer.Ordinal);

    public RegtestNode Node => node;

    /// <summary>Every payment sent, in order.</summary>
    public IReadOnlyCollection<string> Payments => spentBy.Keys;

    public int CoinsLeft => coins.Count;

    /// <summary>
    /// Sets aside <paramref name="payments"/> outputs of 1 coin each, and buries them deeper than any reorg
    /// the drill makes. Litecoin is taken past MWEB activation first.
    /// </summary>
    public async Task FundAsync(int payments)
    {
        await node.EnsureMwebActiveAsync();
        var amounts = new Dictionary<string, decimal>();
        for (var i = 0; i < payments; i++)
        {
            amounts[await node.GetNewAddressAsync()] = CoinValue;
        }

        var txid = await node.SendManyAsync(amounts);
        var transaction = await node.CallAsync("gettransaction", txid);
        var decoded = await node.CallAsync("decoderawtransaction", transaction.GetProperty("hex").GetString());
        foreach (var output in decoded.GetProperty("vout").EnumerateArray())
        {
            if (Amount(output.GetProperty("value")) == CoinValue)
            {
                coins.Enqueue(new Outpoint(txid, output.GetProperty("n").GetInt32()));
            }
        }

        await node.MineAsync(8);
    }

    /// <summary>Pays <paramref name="amount"/> to <paramref name="address"/> from one set-aside coin; returns the txid.</summary>
    public async Task<string> PayAsync(string address, decimal amount)
    {
        if (!coins.TryDequeue(out var coin))
        {
            throw new InvalidOperationException("No coins left: fund more payments.");
        }

        var change = CoinValue - amount - PaymentFee;
        var outputs = new Dictionary<string, decimal> { [address] = amount };
        if (change > 0.001m)
        {
            outputs[await node.GetNewAddressAsync()] = change;
        }

        var txid = await SendRawAsync(coin, outputs);
        spentBy[txid] = coin;
        return txid;
    }

    /// <summary>
    /// Replaces the top <paramref name="depth"/> blocks by a branch one block longer. The drill's payments in
    /// the replaced blocks are mined again, held out, or double-spent, as <paramref name="kind"/> says.
    /// </summary>
    public async Task<ReorgRecord> ReorgAsync(int depth, ReorgKind kind)
    {
        var height = await node.GetBlockCountAsync();
        var first = height - depth + 1;
        var touched = new List<string>();
        for (var h = first; h <= height; h++)
        {
            var block = await node.CallAsync("getblock", (await node.CallAsync("getblockhash", h)).GetString(), 1);
            touched.AddRange(block.GetProperty("tx").EnumerateArray().Select(t => t.GetString()!).Where(spentBy.ContainsKey));
        }

        await node.InvalidateBlockAsync((await node.CallAsync("getblockhash", first)).GetString()!);
        foreach (var txid in touched)
        {
            if (kind == ReorgKind.HoldOut)
            {
                await SinkAsync(txid);
            }
            else if (kind == ReorgKind.DoubleSpend)
            {
                await DoubleSpendAsync(txid);
            }
        }

        await node.MineAsync(depth + 1);
        return new ReorgRecord(node.Chain, depth, kind, touched);
    }

    /// <summary>Lets held-out payments be mined again (by the next block).</summary>
    public async Task ReleaseHeldAsync()
    {
        foreach (var txid in held.ToList())
        {
            await node.CallAsync("prioritisetransaction", txid, 0, -SinkingDelta);
            held.Remove(txid);
            try
            {
                // A node restarted meanwhile did not take the sunk transaction back into its mempool.
                await node.CallAsync("sendrawtransaction", (await node.CallAsync("gettransaction", txid)).GetProperty("hex").GetString());
            }
            catch (RegtestRpcException)
            {
                // Already in the mempool, or replaced: either way nothing to resend.
            }
        }
    }

    /// <summary>Stops the node as an operator would and starts it again on the same data directory and port.</summary>
    public async Task RestartAsync()
    {
        await node.StopAsync();
        await node.StartAsync();
    }

    /// <summary>Confirmations of <paramref name="txid"/> on the node's best chain; 0 in the mempool, -1 when unknown or conflicted.</summary>
    public async Task<long> ConfirmationsAsync(string txid)
    {
        try
        {
            var transaction = await node.CallAsync("gettransaction", txid);
            return transaction.GetProperty("confirmations").GetInt64();
        }
        catch (RegtestRpcException e) when (e.Code == -5)
        {
            return -1;
        }
    }

    private async Task SinkAsync(string txid)
    {
        try
        {
            await node.CallAsync("prioritisetransaction", txid, 0, SinkingDelta);
            held.Add(txid);
        }
        catch (RegtestRpcException)
        {
            // Not back in the mempool (a conflict took its place): nothing to hold.
        }
    }

    private async Task DoubleSpendAsync(string txid)
    {
        var coin = spentBy[txid];
        try
        {
            await SendRawAsync(coin, new Dictionary<string, decimal> { [await node.GetNewAddressAsync()] = CoinValue - DoubleSpendFee });
        }
        catch (RegtestRpcException)
        {
            // Already replaced by an earlier reorg's double spend: it stays gone.
        }
    }

    private async Task<string> SendRawAsync(Outpoint coin, Dictionary<string, decimal> outputs)
    {
        var inputs = new[] { new { txid = coin.Txid, vout = coin.Index, sequence = 0xfffffffdU } };
        var raw = (await node.CallAsync("createrawtransaction", inputs, outputs)).GetString();
        var signed = await node.CallAsync("signrawtransactionwithwallet", raw);
        return (await node.CallAsync("sendrawtransaction", signed.GetProperty("hex").GetString())).GetString()!;
    }

    private static decimal Amount(JsonElement value) => decimal.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private sealed record Outpoint(string Txid, int Index);
}
