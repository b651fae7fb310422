using System.Text.Json.Nodes;
using AlatauPay.Domain.Ledger.Transparency;
using AlatauPay.Signing;

namespace AlatauPay.Cli.Audit;

/// <summary>
/// Checks a receipt offline: its signature, its tree head's signature, that its ledger entry hashes to the
/// leaf it names, that the leaf is in the signed tree, and that the entry says what the receipt says.
/// </summary>
public static class ReceiptVerifier
{
    public static VerificationReport Verify(JsonNode envelope, byte[]? pinnedKey)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var report = new VerificationReport();
        var receipt = envelope["receipt"] as JsonObject;
        var publicKey = SignedHeadFile.TryBase64(Text(envelope["publicKey"]));
        if (!report.Check("receipt present", receipt is not null && publicKey.Length == Ed25519Signatures.PublicKeySize, "a receipt body and a 32-byte public key"))
        {
            return report;
        }

        var keyId = SigningKeyId.For(publicKey);
        report.Check("signing key", pinnedKey is null || pinnedKey.AsSpan().SequenceEqual(publicKey),
            pinnedKey is null ? $"{keyId} (not pinned: compare it with the key id the city publishes)" : $"{keyId}, as pinned");
        report.Check("receipt signature", Ed25519Signatures.Verify(publicKey, CanonicalJson.Serialize(receipt), SignedHeadFile.TryBase64(Text(envelope["signature"]))),
            "Ed25519 over the receipt's RFC 8785 bytes");
        CheckProof(receipt!, publicKey, report);
        CheckEntryContent(receipt!, report);
        return report;
    }

    private static void CheckProof(JsonObject receipt, byte[] publicKey, VerificationReport report)
    {
        var head = receipt["treeHead"]!;
        var entry = receipt["ledgerEntry"]!;
        var size = head["treeSize"]!.GetValue<long>();
        MerkleHash.TryFromHex(Text(head["rootHash"]), out var root);
        var signedHead = CanonicalTime.TryParse(Text(head["timestamp"]), out var at) && root.Length == MerkleHash.Size
            && Ed25519Signatures.Verify(publicKey, new TreeHead(size, root, at).SignedBytes(), SignedHeadFile.TryBase64(Text(head["signature"])));
        report.Check("tree head signature", signedHead, $"size {size}");
        var leafHash = MerkleHash.Leaf(SignedHeadFile.TryBase64(Text(entry["canonical"])));
        report.Check("entry hashes to its leaf", MerkleHash.ToHex(leafHash) == Text(entry["leafHash"]), MerkleHash.ToHex(leafHash));
        var path = receipt["inclusionProof"]!.AsArray().Select(h => MerkleHash.TryFromHex(Text(h), out var hash) ? hash : []).ToList();
        report.Check("entry included in the signed tree",
            MerkleVerifier.VerifyInclusion(entry["leafIndex"]!.GetValue<long>(), size, leafHash, path, root), $"leaf {entry["leafIndex"]} of {size}");
    }

    private static void CheckEntryContent(JsonObject receipt, VerificationReport report)
    {
        var invoiceId = Text(receipt["invoiceId"]);
        var canonical = JsonNode.Parse(SignedHeadFile.TryBase64(Text(receipt["ledgerEntry"]!["canonical"]))) ?? new JsonObject();
        var postings = canonical["postings"]?.AsArray() ?? [];
        bool Posted(JsonNode? amount, string side) => postings.Any(p =>
            Text(p!["side"]) == side && Text(p["currency"]) == Text(amount?["currency"]) && Text(p["amount"]) == Text(amount?["value"]));
        report.Check("entry is this invoice's settlement",
            Text(canonical["invoiceId"]) == invoiceId && Text(canonical["key"]) == $"settle:{invoiceId}"
            && canonical["entryId"]?.GetValue<long>() == receipt["ledgerEntry"]!["id"]!.GetValue<long>(),
            $"settle:{invoiceId}");
        report.Check("entry carries the receipt's amounts",
            Posted(receipt["amount"], "credit") && receipt["paid"]!.AsArray().All(paid => Posted(paid, "debit")),
            $"{Text(receipt["amount"]?["value"])} {Text(receipt["amount"]?["currency"])} credited, payment debited");
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
