using AlatauPay.Chains.Bitcoin;
using AlatauPay.Testing;
using NBitcoin;

namespace AlatauPay.Chains.Benchmarks;

/// <summary>
/// Fills one regtest block with thousands of ordinary payments. The node's wallet only funds a few keys of
/// our own: building thousands of transactions through the wallet takes it tens of minutes, so they are
/// signed here with NBitcoin and only relayed by the node.
/// </summary>
internal static class BlockBuilder
{
    private const int FundedKeys = 500;
    private static readonly Money Fee = Money.Coins(0.0001m);
    private static readonly Money Payment = Money.Coins(0.01m);

    public static async Task<string> BuildBlockAsync(RegtestNode node, int transactions)
    {
        var network = LitecoinNetworks.Instance.Regtest;
        var keys = Enumerable.Range(0, FundedKeys).Select(_ => new Key()).ToDictionary(k => k.PubKey.WitHash.ScriptPubKey.ToHex());

        // Enough mature coinbase to fund from, still below Litecoin's MWEB activation at 432.
        await node.MineUntilHeightAsync(300);
        var funding = keys.Values.ToDictionary(k => k.PubKey.GetAddress(ScriptPubKeyType.Segwit, network).ToString(), _ => 1m);
        var fundingTxids = new HashSet<string>();
        for (var funded = 0; funded < transactions; funded += FundedKeys)
        {
            fundingTxids.Add(await node.SendManyAsync(funding));
        }

        var fundingBlock = await node.CallAsync("getblock", (await node.MineAsync(1))[0], 2);
        var coins = fundingBlock.GetProperty("tx").EnumerateArray()
            .Where(tx => fundingTxids.Contains(tx.GetProperty("txid").GetString()!))
            .SelectMany(tx => tx.GetProperty("vout").EnumerateArray().Select(output => (Tx: tx, Output: output)))
            .Select(o => (Outpoint: new OutPoint(uint256.Parse(o.Tx.GetProperty("txid").GetString()), o.Output.GetProperty("n").GetUInt32()),
                Script: o.Output.GetProperty("scriptPubKey").GetProperty("hex").GetString()!,
                Value: Money.Coins(o.Output.GetProperty("value").GetDecimal())))
            .Where(c => keys.ContainsKey(c.Script))
            .Take(transactions)
            .ToList();

        foreach (var (outpoint, script, value) in coins)
        {
            var key = keys[script];
            var coin = new Coin(outpoint, new TxOut(value, key.PubKey.WitHash.ScriptPubKey));
            var tx = network.CreateTransaction();
            tx.Inputs.Add(outpoint);
            tx.Outputs.Add(Payment, new Key().PubKey.WitHash.ScriptPubKey);
            tx.Outputs.Add(Payment, new Key().PubKey.WitHash.ScriptPubKey);
            tx.Outputs.Add(value - (Payment * 2) - Fee, coin.ScriptPubKey);
            tx.Sign(key.GetBitcoinSecret(network), coin);
            await node.CallAsync("sendrawtransaction", tx.ToHex());
        }

        return (await node.MineAsync(1))[0];
    }
}
