using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger;
using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Application.Ledger;

/// <summary>
/// An entry as the API shows it, with the canonical bytes its transparency-log leaf was made from (base64)
/// and that leaf's hash, so anyone can recompute one from the other.
/// </summary>
public sealed record LedgerEntryView(
    long Id,
    long LeafIndex,
    string Key,
    string? InvoiceId,
    string Description,
    DateTimeOffset EffectiveAt,
    DateTimeOffset RecordedAt,
    IReadOnlyList<PostingView> Postings,
    string LeafHash,
    string Canonical)
{
    public static LedgerEntryView From(LedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var canonical = record.CanonicalBytes();
        return new(
            record.Id,
            record.LeafIndex,
            record.Key,
            record.InvoiceId,
            record.Description,
            record.EffectiveAt,
            record.RecordedAt,
            [.. record.Postings.Select(PostingView.From)],
            MerkleHash.ToHex(MerkleHash.Leaf(canonical)),
            Convert.ToBase64String(canonical));
    }
}

public sealed record PostingView(string Account, string Side, AmountView Amount)
{
    public static PostingView From(Posting posting)
    {
        ArgumentNullException.ThrowIfNull(posting);
        return new(posting.Account, posting.Side == PostingSide.Debit ? "debit" : "credit", AmountView.From(posting.Amount));
    }
}

public sealed record LedgerAccountView(string Account, string Type, IReadOnlyList<string> Currencies, long Postings);

/// <summary>Turnover and balance of one account in one currency. <c>balance</c> is debits minus credits.</summary>
public sealed record CurrencyBalanceView(string Currency, string Debits, string Credits, string Balance);

public sealed record AccountBalanceView(string Account, DateTimeOffset AsOf, string Basis, IReadOnlyList<CurrencyBalanceView> Balances);

public sealed record TrialBalanceLineView(string Account, string Currency, string Debits, string Credits, string Balance);

/// <summary>Per currency, the total of all debits and all credits; <c>balanced</c> states that they are equal.</summary>
public sealed record TrialBalanceTotalView(string Currency, string Debits, string Credits, bool Balanced);

public sealed record TrialBalanceView(
    DateTimeOffset AsOf, string Basis, IReadOnlyList<TrialBalanceLineView> Accounts, IReadOnlyList<TrialBalanceTotalView> Totals, bool Balanced);
