using System.Text.Json.Nodes;

namespace AlatauPay.Domain.Ledger.Transparency;

/// <summary>
/// The bytes a ledger entry's leaf is made from: the RFC 8785 canonical JSON of its id, key, invoice,
/// description, both times and postings in line order. Amounts are decimal strings with exactly the
/// currency's decimals. The README documents the form so anyone can rebuild it.
/// </summary>
public static class CanonicalLedgerEntry
{
    public const string Format = "alatau-ledger-entry/1";

    public static byte[] Bytes(long entryId, LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Bytes(entryId, entry.Key, entry.InvoiceId, entry.Description, entry.EffectiveAt, entry.RecordedAt, entry.Postings);
    }

    /// <summary>
    /// The same bytes from the stored fields, without re-running the rules a new entry must pass: what an
    /// auditor is shown must hash exactly as stored, even when someone altered it into an unbalanced entry.
    /// </summary>
    public static byte[] Bytes(
        long entryId, string key, string? invoiceId, string description, DateTimeOffset effectiveAt, DateTimeOffset recordedAt, IEnumerable<Posting> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var postings = new JsonArray();
        foreach (var posting in lines)
        {
            postings.Add(new JsonObject
            {
                ["account"] = posting.Account,
                ["amount"] = posting.Amount.ToDecimalString(),
                ["currency"] = posting.Amount.Currency.Code,
                ["side"] = posting.Side == PostingSide.Debit ? "debit" : "credit",
            });
        }

        return CanonicalJson.Serialize(new JsonObject
        {
            ["description"] = description,
            ["effectiveAt"] = CanonicalTime.ToText(effectiveAt),
            ["entryId"] = entryId,
            ["format"] = Format,
            ["invoiceId"] = invoiceId,
            ["key"] = key,
            ["postings"] = postings,
            ["recordedAt"] = CanonicalTime.ToText(recordedAt),
        });
    }

    public static byte[] LeafHash(long entryId, LedgerEntry entry) => MerkleHash.Leaf(Bytes(entryId, entry));
}
