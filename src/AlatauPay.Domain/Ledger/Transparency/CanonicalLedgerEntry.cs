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
        var postings = new JsonArray();
        foreach (var posting in entry.Postings)
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
            ["description"] = entry.Description,
            ["effectiveAt"] = CanonicalTime.ToText(entry.EffectiveAt),
            ["entryId"] = entryId,
            ["format"] = Format,
            ["invoiceId"] = entry.InvoiceId,
            ["key"] = entry.Key,
            ["postings"] = postings,
            ["recordedAt"] = CanonicalTime.ToText(entry.RecordedAt),
        });
    }

    public static byte[] LeafHash(long entryId, LedgerEntry entry) => MerkleHash.Leaf(Bytes(entryId, entry));
}
