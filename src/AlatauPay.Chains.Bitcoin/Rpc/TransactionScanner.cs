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

            txid ??= transaction.RequiredString("txid");
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
