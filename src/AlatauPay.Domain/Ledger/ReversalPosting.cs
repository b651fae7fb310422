namespace AlatauPay.Domain.Ledger;

/// <summary>
/// Undoes an entry by posting its mirror: every debit becomes a credit of the same amount to the same
/// account. The original stays; history only grows.
/// </summary>
public static class ReversalPosting
{
    public static string KeyFor(string originalKey) => $"reverse:{originalKey}";

    public static LedgerEntry For(LedgerEntry original, string reason, DateTimeOffset effectiveAt, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(original);
        var mirrored = original.Postings
            .Select(p => p with { Side = p.Side == PostingSide.Debit ? PostingSide.Credit : PostingSide.Debit })
            .ToList();
        return LedgerEntry.Create(KeyFor(original.Key), $"reverse {original.Key}: {reason}", original.InvoiceId, effectiveAt, recordedAt, mirrored);
    }
}
