using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;

namespace AlatauPay.Persistence;

/// <summary>A payment's natural key and its invoice, as both stores read them from chain_payments.</summary>
internal sealed class PaymentKey
{
    public string TxId { get; init; } = "";

    public long OutputIndex { get; init; }

    public string? InvoiceId { get; init; }
}

/// <summary>A row of chain_payments, as both stores read it.</summary>
// A class with setters rather than a positional record: SQLite reports a NULL column's type as a blob,
// which Dapper's constructor matching cannot reconcile with long?.
internal sealed class PaymentRow
{
    public string Chain { get; init; } = "";

    public string TxId { get; init; } = "";

    public long OutputIndex { get; init; }

    public string Method { get; init; } = "";

    public string AmountMinor { get; init; } = "";

    public string FirstSeenAt { get; init; } = "";

    public long InMempool { get; init; }

    public string? AccountedBy { get; init; }

    public long? BlockHeight { get; init; }

    public long? TipHeight { get; init; }

    public PaymentObservation ToObservation()
    {
        var currency = Currency.Parse(Method);
        var (standing, confirmations) = (BlockHeight, TipHeight, InMempool) switch
        {
            ({ } height, { } tip, _) => (PaymentStanding.Confirmed, (int)(tip - height + 1)),
            (null, _, 1) => (PaymentStanding.Unconfirmed, 0),
            _ => (PaymentStanding.Gone, 0),
        };
        return new PaymentObservation(
            Chain, TxId, (int)OutputIndex, currency, new Money(currency, StoredValues.Int128(AmountMinor)),
            standing, confirmations, StoredValues.Time(FirstSeenAt), AccountedBy);
    }
}
