using AlatauPay.Domain.Amounts;

namespace AlatauPay.Domain.Invoices;

/// <summary>Where a payment stands on its chain right now.</summary>
public enum PaymentStanding
{
    /// <summary>In the node's mempool, in no block of the canonical chain.</summary>
    Unconfirmed,

    /// <summary>In a block of the canonical chain.</summary>
    Confirmed,

    /// <summary>In no canonical block and no longer in the mempool: replaced, double-spent or evicted.</summary>
    Gone,
}

/// <summary>
/// One payment to one of an invoice's deposit targets, as the watcher knows it now. <see cref="AccountedBy"/>
/// is the key of the ledger entry that accounted for it, if any.
/// </summary>
public sealed record PaymentObservation(
    string Chain,
    string TxId,
    int Index,
    Currency Method,
    Money Amount,
    PaymentStanding Standing,
    int Confirmations,
    DateTimeOffset FirstSeenAt,
    string? AccountedBy)
{
    /// <summary>The natural key, as ledger entries and receipts cite it: chain, txid and output (or log) index.</summary>
    public string Reference => $"{Chain}:{TxId}:{Index}";

    public bool IsAlive => Standing != PaymentStanding.Gone;
}
