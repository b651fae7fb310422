using System.Text.Json.Nodes;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Application.Invoices.Receipt;

/// <summary>The receipt body. Only strings, integers and null, so its canonical bytes are the same in any RFC 8785 implementation.</summary>
public static class ReceiptDocument
{
    public const string Format = "alatau-receipt/1";

    /// <param name="chainReferences">The payments the settlement accounted for, as <c>{chain}:{txid}:{index}</c>.</param>
    public static JsonObject Build(
        Invoice invoice, LedgerRecord entry, SignedTreeHead head, IReadOnlyList<byte[]> inclusionProof, IReadOnlyList<string> chainReferences, DateTimeOffset issuedAt)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(inclusionProof);
        ArgumentNullException.ThrowIfNull(chainReferences);
        var canonical = entry.CanonicalBytes();
        return new JsonObject
        {
            ["format"] = Format,
            ["invoiceId"] = invoice.Id.Value,
            ["department"] = invoice.Department.Value,
            ["service"] = invoice.Service.Value,
            ["payerAccount"] = invoice.Payer.Account,
            ["amount"] = Amount(invoice.Amount),
            ["paid"] = new JsonArray([.. invoice.PaymentMethods.Where(m => m.Paid.IsPositive).Select(m => (JsonNode)Amount(m.Paid))]),
            ["chainReferences"] = new JsonArray([.. chainReferences.Select(r => (JsonNode)r)]),
            ["settledAt"] = CanonicalTime.ToText(entry.EffectiveAt),
            ["ledgerEntry"] = new JsonObject
            {
                ["id"] = entry.Id,
                ["leafIndex"] = entry.LeafIndex,
                ["canonical"] = Convert.ToBase64String(canonical),
                ["leafHash"] = MerkleHash.ToHex(MerkleHash.Leaf(canonical)),
            },
            ["treeHead"] = new JsonObject
            {
                ["treeSize"] = head.Head.TreeSize,
                ["rootHash"] = MerkleHash.ToHex(head.Head.RootHash),
                ["timestamp"] = CanonicalTime.ToText(head.Head.Timestamp),
                ["keyId"] = head.KeyId,
                ["signature"] = Convert.ToBase64String(head.Signature),
            },
            ["inclusionProof"] = new JsonArray([.. inclusionProof.Select(h => (JsonNode)MerkleHash.ToHex(h))]),
            ["issuedAt"] = CanonicalTime.ToText(issuedAt),
        };
    }

    private static JsonObject Amount(Money money) => new() { ["currency"] = money.Currency.Code, ["value"] = money.ToDecimalString() };
}
