using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Persistence;

/// <summary>A signed tree head as stored, in either store; read by the transparency log and by the audit facts.</summary>
internal sealed class TreeHeadRow
{
    public const string Columns = "tree_size AS TreeSize, root_hash AS RootHash, signed_at AS SignedAt, key_id AS KeyId, signature";

    public long TreeSize { get; set; }

    public byte[] RootHash { get; set; } = [];

    public string SignedAt { get; set; } = "";

    public string KeyId { get; set; } = "";

    public byte[] Signature { get; set; } = [];

    public SignedTreeHead ToSignedTreeHead() => new(new TreeHead(TreeSize, RootHash, StoredValues.Time(SignedAt)), KeyId, Signature);
}
