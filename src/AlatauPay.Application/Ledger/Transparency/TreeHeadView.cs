using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Application.Ledger.Transparency;

/// <summary>A signed tree head as the API shows it: hashes in lowercase hex, the signature in base64.</summary>
public sealed record TreeHeadView(long TreeSize, string RootHash, DateTimeOffset Timestamp, string Signature, string KeyId)
{
    public static TreeHeadView From(SignedTreeHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        return new(head.Head.TreeSize, MerkleHash.ToHex(head.Head.RootHash), head.Head.Timestamp, Convert.ToBase64String(head.Signature), head.KeyId);
    }
}

public sealed record SigningKeyView(string KeyId, string Algorithm, string PublicKey);

public sealed record InclusionProofView(long EntryId, long LeafIndex, long TreeSize, string LeafHash, IReadOnlyList<string> AuditPath);

public sealed record ConsistencyProofView(long From, long To, IReadOnlyList<string> Proof);
