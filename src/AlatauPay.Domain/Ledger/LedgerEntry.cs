using AlatauPay.Domain.Amounts;

namespace AlatauPay.Domain.Ledger;

/// <summary>
/// A balanced, immutable ledger entry. It cannot be built unbalanced: for every currency it touches,
/// debits equal credits. <see cref="Key"/> makes posting idempotent (<c>settle:{invoiceId}</c>).
/// </summary>
public sealed class LedgerEntry
{
    public const int MaxKeyLength = 200;

    private LedgerEntry(string key, string description, string? invoiceId, DateTimeOffset effectiveAt, DateTimeOffset recordedAt, IReadOnlyList<Posting> postings)
    {
        Key = key;
        Description = description;
        InvoiceId = invoiceId;
        EffectiveAt = effectiveAt;
        RecordedAt = recordedAt;
        Postings = postings;
    }

    public string Key { get; }

    public string Description { get; }

    public string? InvoiceId { get; }

    /// <summary>When the economic event happened (a payment became final).</summary>
    public DateTimeOffset EffectiveAt { get; }

    /// <summary>When the ledger learned of it.</summary>
    public DateTimeOffset RecordedAt { get; }

    public IReadOnlyList<Posting> Postings { get; }

    public static LedgerEntry Create(
        string key,
        string description,
        string? invoiceId,
        DateTimeOffset effectiveAt,
        DateTimeOffset recordedAt,
        IReadOnlyList<Posting> postings)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength)
        {
            throw new DomainException("entry-key-invalid", $"An entry key is 1-{MaxKeyLength} characters.");
        }

        ArgumentNullException.ThrowIfNull(postings);
        if (postings.Count < 2)
        {
            throw new DomainException("entry-too-short", "An entry has at least one debit and one credit.");
        }

        foreach (var posting in postings)
        {
            if (!posting.Amount.IsPositive || !LedgerAccounts.IsValid(posting.Account))
            {
                throw new DomainException("posting-invalid", $"A posting to '{posting.Account}' needs a valid account and a positive amount.");
            }
        }

        var unbalanced = Imbalances(postings).FirstOrDefault(pair => !pair.Value.IsZero);
        if (unbalanced.Key is not null)
        {
            throw new DomainException("entry-unbalanced", $"Debits and credits differ by {unbalanced.Value} in {unbalanced.Key.Code}.");
        }

        return new LedgerEntry(key, description, invoiceId, effectiveAt, recordedAt, [.. postings]);
    }

    /// <summary>Debits minus credits per currency; every value is zero for a balanced entry.</summary>
    public static IReadOnlyDictionary<Currency, Money> Imbalances(IEnumerable<Posting> postings)
    {
        var sums = new Dictionary<Currency, Money>();
        foreach (var posting in postings)
        {
            var current = sums.GetValueOrDefault(posting.Amount.Currency, Money.Zero(posting.Amount.Currency));
            sums[posting.Amount.Currency] = posting.Side == PostingSide.Debit ? current + posting.Amount : current - posting.Amount;
        }

        return sums;
    }
}
