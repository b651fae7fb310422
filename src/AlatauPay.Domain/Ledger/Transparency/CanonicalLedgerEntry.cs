using System.Globalization;
using System.Text;

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
    /// Written member by member in JCS order rather than through a JSON tree, since every posting pays for it.
    /// </summary>
    public static byte[] Bytes(
        long entryId, string key, string? invoiceId, string description, DateTimeOffset effectiveAt, DateTimeOffset recordedAt, IEnumerable<Posting> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var json = new StringBuilder(256 + (128 * 4));
        Member(json, "{\"description\":", description);
        Member(json, ",\"effectiveAt\":", CanonicalTime.ToText(effectiveAt));
        json.Append(",\"entryId\":").Append(entryId.ToString(CultureInfo.InvariantCulture));
        Member(json, ",\"format\":", Format);
        Member(json, ",\"invoiceId\":", invoiceId);
        Member(json, ",\"key\":", key);
        json.Append(",\"postings\":[");
        var first = true;
        foreach (var posting in lines)
        {
            Member(json, first ? "{\"account\":" : ",{\"account\":", posting.Account);
            Member(json, ",\"amount\":", posting.Amount.ToDecimalString());
            Member(json, ",\"currency\":", posting.Amount.Currency.Code);
            Member(json, ",\"side\":", posting.Side == PostingSide.Debit ? "debit" : "credit");
            json.Append('}');
            first = false;
        }

        Member(json, "],\"recordedAt\":", CanonicalTime.ToText(recordedAt));
        json.Append('}');
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    public static byte[] LeafHash(long entryId, LedgerEntry entry) => MerkleHash.Leaf(Bytes(entryId, entry));

    private static void Member(StringBuilder json, string prefix, string? value)
    {
        json.Append(prefix);
        if (value is null)
        {
            json.Append("null");
        }
        else
        {
            CanonicalJson.WriteString(json, value);
        }
    }
}
