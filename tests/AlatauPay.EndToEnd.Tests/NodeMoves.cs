using System.Globalization;
using System.Text.Json;
using AlatauPay.Testing;

namespace AlatauPay.EndToEnd.Tests;

/// <summary>What a hostile or unlucky chain does, driven through the node's own RPC.</summary>
internal static class NodeMoves
{
    /// <summary>
    /// Spends the inputs of an unconfirmed, replaceable transaction again, paying the node's own wallet with a
    /// higher fee: the original leaves the mempool and can never confirm.
    /// </summary>
    public static async Task<string> DoubleSpendAsync(this RegtestNode node, string txid)
    {
        var original = await node.CallAsync("getrawtransaction", txid, true);
        var inputs = new List<object>();
        var total = 0m;
        foreach (var input in original.GetProperty("vin").EnumerateArray())
        {
            var spentTxid = input.GetProperty("txid").GetString()!;
            var spentIndex = input.GetProperty("vout").GetInt32();
            var spent = await node.CallAsync("decoderawtransaction", (await node.CallAsync("gettransaction", spentTxid)).GetProperty("hex").GetString());
            total += Amount(spent.GetProperty("vout")[spentIndex].GetProperty("value"));
            inputs.Add(new { txid = spentTxid, vout = spentIndex, sequence = 0xfffffffd });
        }

        var destination = await node.GetNewAddressAsync();
        var outputs = new Dictionary<string, decimal> { [destination] = total - 0.001m };
        var raw = (await node.CallAsync("createrawtransaction", inputs, outputs)).GetString();
        var signed = (await node.CallAsync("signrawtransactionwithwallet", raw)).GetProperty("hex").GetString();
        return (await node.CallAsync("sendrawtransaction", signed)).GetString()!;
    }

    /// <summary>
    /// Pays <paramref name="amount"/> from a wallet output at least <paramref name="minConfirmations"/> deep, so a
    /// reorg shallower than that can always take the payment back into the mempool and mine it again (an
    /// output of a replaced block, such as Litecoin's MWEB integration output, would vanish with it).
    /// </summary>
    public static async Task<string> SendFromDeepCoinAsync(this RegtestNode node, string address, decimal amount, int minConfirmations)
    {
        var coin = (await node.CallAsync("listunspent", minConfirmations)).EnumerateArray()
            .Where(u => u.GetProperty("spendable").GetBoolean() && u.TryGetProperty("scriptPubKey", out var script) && script.GetString()!.Length > 0)
            .First(u => Amount(u.GetProperty("amount")) > amount + 0.01m);
        var inputs = new[] { new { txid = coin.GetProperty("txid").GetString(), vout = coin.GetProperty("vout").GetInt32() } };
        var outputs = new Dictionary<string, decimal>
        {
            [address] = amount,
            [await node.GetNewAddressAsync()] = Amount(coin.GetProperty("amount")) - amount - 0.0001m,
        };
        var raw = (await node.CallAsync("createrawtransaction", inputs, outputs)).GetString();
        var signed = (await node.CallAsync("signrawtransactionwithwallet", raw)).GetProperty("hex").GetString();
        return (await node.CallAsync("sendrawtransaction", signed)).GetString()!;
    }

    /// <summary>Invalidates the top <paramref name="depth"/> blocks; their transactions return to the mempool.</summary>
    public static async Task ReorgOutAsync(this RegtestNode node, int depth)
    {
        var height = await node.GetBlockCountAsync();
        var hash = (await node.CallAsync("getblockhash", height - depth + 1)).GetString()!;
        await node.InvalidateBlockAsync(hash);
    }

    private static decimal Amount(JsonElement value) => decimal.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
