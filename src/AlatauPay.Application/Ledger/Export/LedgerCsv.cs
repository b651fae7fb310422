using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;
using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Application.Ledger.Export;

/// <summary>RFC 4180 CSV, one line per posting, in the columns an accountant's import expects.</summary>
public static class LedgerCsv
{
    public const string Header =
        "entry_id,recorded_at,effective_at,account,debit,credit,currency,amount_kzt,invoice_id,chain_reference,idempotency_key";

    public static async IAsyncEnumerable<string> Lines(IAsyncEnumerable<ExportPosting> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        yield return Header;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return Line(row);
        }
    }

    public static string Line(ExportPosting row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var amount = row.Posting.Amount.ToDecimalString();
        var debit = row.Posting.Side == PostingSide.Debit;
        return string.Join(',',
            row.EntryId.ToString(CultureInfo.InvariantCulture),
            CanonicalTime.ToText(row.RecordedAt),
            CanonicalTime.ToText(row.EffectiveAt),
            Field(row.Posting.Account),
            debit ? amount : "",
            debit ? "" : amount,
            row.Posting.Amount.Currency.Code,
            KztValue(row.Posting.Amount, row.KztRate) ?? "",
            Field(row.InvoiceId ?? ""),
            Field(row.ChainReference ?? ""),
            Field(row.Key));
    }

    /// <summary>
    /// The posting's worth in KZT at the rate its invoice locked, rounded half away from zero to the tiyn; empty
    /// when the entry carries no rate for the currency.
    /// </summary>
    public static string? KztValue(Money amount, ExchangeRate? rate)
    {
        if (amount.Currency == Currency.KZT)
        {
            return amount.ToDecimalString();
        }

        if (rate is null || rate.Base != amount.Currency || rate.Quote != Currency.KZT)
        {
            return null;
        }

        var numerator = (BigInteger)amount.MinorUnits * rate.Units * BigInteger.Pow(10, Currency.KZT.Scale) * 2;
        var denominator = BigInteger.Pow(10, amount.Currency.Scale + rate.Scale) * 2;
        var rounded = (numerator + (denominator / 2 * numerator.Sign)) / denominator;
        return new Money(Currency.KZT, (Int128)rounded).ToDecimalString();
    }

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
