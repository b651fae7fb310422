using System.Text.Json;
using AlatauPay.Application.Chains;
using AlatauPay.Domain.Amounts;
using NBitcoin;

namespace AlatauPay.Chains.Bitcoin.Rpc;

/// <summary>
/// Finds the outputs of a decoded transaction (<c>getblock 2</c>, <c>getrawtransaction true</c>) that pay a
/// watched script. Only <c>scriptPubKey.hex</c> is read: the decoded address fields differ between Bitcoin
/// Core (<c>address</c>) and Litecoin 0.21 (<c>addresses</c>).
/// </summary>
internal sealed class TransactionScanner(Currency currency, Network network)
{
    /// <summary>A match and the watch key it matched, so a cached match can be checked against a later watch list.</summary>
    public readonly record struct Match(string WatchKey, ObservedPayment Payment);

    /// <summary>Any output with a script, kept so that a transaction examined once can be matched again later.</summary>
    public readonly record struct Output(string WatchKey, int Index, AlatauPay.Domain.Amounts.Money Amount);

    /// <summary>Every output of the transaction that has a script, whether watched or not.</summary>
    public Output[] Outputs(JsonElement transaction)
    {
        var outputs = new List<Output>();
        foreach (var output in transaction.RequiredArray("vout").EnumerateArray())
        {
            if (output.TryGetProperty("ismweb", out var isMweb) && isMweb.ValueKind == JsonValueKind.True)
            {
                continue;
            }

            var index = output.RequiredInt64("n");
            if (index is < 0 or > int.MaxValue)
            {
                throw new FormatException($"'n' of an output is {index}");
            }

            outputs.Add(new Output(
                output.Required("scriptPubKey").RequiredString("hex").ToLowerInvariant(),
                (int)index,
                output.RequiredAmount("value", currency)));
        }

        return [.. outputs];
    }

    public ObservedPayment Payment(string txid, Output output) =>
        new(txid, output.Index, currency, Destination(output.WatchKey), output.Amount);

    public void Scan(JsonElement transaction, IWatchList watched, List<Match> matches)
    {
        string? txid = null;
        foreach (var output in transaction.RequiredArray("vout").EnumerateArray())
        {
            // MWEB outputs carry no script, amount or index: nothing the gateway issues can be among them.
            if (output.TryGetProperty("ismweb", out var isMweb) && isMweb.ValueKind == JsonValueKind.True)
            {
                continue;
            }

            var script = output.Required("scriptPubKey").RequiredString("hex");
            if (!watched.Contains(script))
            {
                continue;
            }

            txid ??= transaction.RequiredHash("txid");
            var index = output.RequiredInt64("n");
            if (index is < 0 or > int.MaxValue)
            {
                throw new FormatException($"'n' of an output of {txid} is {index}");
            }

            var amount = output.RequiredAmount("value", currency);
            var key = script.ToLowerInvariant();
            matches.Add(new Match(key, new ObservedPayment(txid, (int)index, currency, Destination(key), amount)));
        }
    }

    // Watched scripts are the gateway's own addresses, so a script without an address form is only a fallback.
    private string Destination(string script) =>
        Script.FromHex(script).GetDestinationAddress(network)?.ToString() ?? script;
}
