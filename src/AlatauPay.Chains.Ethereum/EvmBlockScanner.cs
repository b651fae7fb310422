using System.Globalization;
using System.Numerics;
using System.Text.Json;
using AlatauPay.Application.Chains;
using AlatauPay.Domain.Amounts;

namespace AlatauPay.Chains.Ethereum;

/// <summary>
/// Finds payments to watched addresses in a block's <c>Transfer</c> logs and call traces. Token payments are
/// keyed by their log index; ETH payments by <see cref="TraceIndexBase"/> plus the frame's position in its
/// transaction's call tree, so the two never share a key within a transaction.
/// </summary>
internal sealed class EvmBlockScanner(IReadOnlyList<EvmToken> tokens)
{
    /// <summary>keccak256("Transfer(address,address,uint256)").</summary>
    public const string TransferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

    public const int TraceIndexBase = 1_000_000;

    private readonly Dictionary<string, Currency> tokenByKey =
        tokens.ToDictionary(t => EthereumAddress.Key(t.Contract), t => t.Currency, StringComparer.Ordinal);

    public IReadOnlyList<string> TokenContracts { get; } = [.. tokens.Select(t => t.Contract)];

    /// <summary>Transfers of configured tokens to watched addresses; removed logs and unknown contracts are skipped.</summary>
    public void ScanLogs(JsonElement logs, IWatchList watched, List<ObservedPayment> payments)
    {
        foreach (var log in logs.EnumerateArray())
        {
            if (log.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True)
            {
                continue;
            }

            var topics = log.GetProperty("topics");
            if (topics.GetArrayLength() != 3 || !string.Equals(topics[0].GetString(), TransferTopic, StringComparison.OrdinalIgnoreCase)
                || !tokenByKey.TryGetValue(EthereumAddress.Key(Text(log, "address")), out var currency))
            {
                continue;
            }

            var recipient = Text(topics[2]);
            var key = recipient[^40..].ToLowerInvariant();
            if (!watched.Contains(key) || ToMoney(currency, Quantity(Text(log, "data"))) is not { } amount)
            {
                continue;
            }

            payments.Add(new ObservedPayment(
                Text(log, "transactionHash"),
                checked((int)Quantity(Text(log, "logIndex"))),
                currency,
                EthereumAddress.Checksum("0x" + key),
                amount));
        }
    }

    /// <summary>
    /// ETH moved to watched addresses by calls, creations and self-destructs anywhere in each transaction's
    /// call tree; a frame that failed, and everything under it, moved nothing.
    /// </summary>
    public static void ScanTraces(JsonElement traces, IWatchList watched, List<ObservedPayment> payments)
    {
        foreach (var trace in traces.EnumerateArray())
        {
            var txHash = Text(trace, "txHash");
            var ordinal = 0;
            Walk(trace.GetProperty("result"), txHash, watched, payments, ref ordinal);
        }
    }

    /// <summary>Without traces: value carried by successful top-level transactions only.</summary>
    public static void ScanTransactions(JsonElement transactions, IReadOnlySet<string> failed, IWatchList watched, List<ObservedPayment> payments)
    {
        foreach (var transaction in transactions.EnumerateArray())
        {
            if (!transaction.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var hash = Text(transaction, "hash");
            var key = EthereumAddress.Key(to.GetString()!);
            if (failed.Contains(hash) || !watched.Contains(key) || ToMoney(Currency.ETH, Quantity(Text(transaction, "value"))) is not { } amount)
            {
                continue;
            }

            payments.Add(new ObservedPayment(hash, TraceIndexBase, Currency.ETH, EthereumAddress.Checksum("0x" + key), amount));
        }
    }

    private static void Walk(JsonElement frame, string txHash, IWatchList watched, List<ObservedPayment> payments, ref int ordinal)
    {
        var index = ordinal++;
        if (frame.TryGetProperty("error", out _))
        {
            ordinal += CountFrames(frame) - 1;
            return;
        }

        var type = frame.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type is "CALL" or "CREATE" or "CREATE2" or "SELFDESTRUCT"
            && frame.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.String
            && frame.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
        {
            var key = EthereumAddress.Key(to.GetString()!);
            if (watched.Contains(key) && ToMoney(Currency.ETH, Quantity(value.GetString()!)) is { } amount)
            {
                payments.Add(new ObservedPayment(txHash, TraceIndexBase + index, Currency.ETH, EthereumAddress.Checksum("0x" + key), amount));
            }
        }

        if (frame.TryGetProperty("calls", out var calls))
        {
            foreach (var call in calls.EnumerateArray())
            {
                Walk(call, txHash, watched, payments, ref ordinal);
            }
        }
    }

    private static int CountFrames(JsonElement frame) =>
        1 + (frame.TryGetProperty("calls", out var calls) ? calls.EnumerateArray().Sum(CountFrames) : 0);

    /// <summary>A positive amount that fits the money type; zero or an absurd amount is no payment.</summary>
    private static Money? ToMoney(Currency currency, BigInteger units) =>
        units.Sign > 0 && units <= (BigInteger)Int128.MaxValue ? new Money(currency, (Int128)units) : null;

    internal static BigInteger Quantity(string hex)
    {
        if (!hex.StartsWith("0x", StringComparison.Ordinal))
        {
            throw new FormatException($"'{hex}' is not a hex quantity");
        }

        return hex.Length == 2 ? BigInteger.Zero : BigInteger.Parse("0" + hex[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    internal static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? Text(value) : throw new FormatException($"'{property}' is missing");

    private static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FormatException($"a {value.ValueKind} where a string was expected");
}
