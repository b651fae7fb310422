namespace AlatauPay.Domain.Ledger.Transparency;

/// <summary>
/// A tree's right edge kept in memory: one hash per set bit of the size. Leaves stream in and the root of
/// every prefix is available in O(log n), so a verifier recomputes the root of any export in constant memory.
/// </summary>
public sealed class CompactRange
{
    private readonly List<byte[]> peaks = [];

    public long Size { get; private set; }

    public void Append(byte[] leafHash)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException("A leaf hash is 32 bytes.", nameof(leafHash));
        }

        var hash = leafHash;
        for (var size = Size; (size & 1) == 1; size >>= 1)
        {
            hash = MerkleHash.Node(peaks[^1], hash);
            peaks.RemoveAt(peaks.Count - 1);
        }

        peaks.Add(hash);
        Size++;
    }

    public byte[] Root()
    {
        if (peaks.Count == 0)
        {
            return MerkleHash.EmptyRoot;
        }

        var root = peaks[^1];
        for (var i = peaks.Count - 2; i >= 0; i--)
        {
            root = MerkleHash.Node(peaks[i], root);
        }

        return root;
    }
}
