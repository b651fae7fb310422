namespace AlatauPay.Domain.Ledger.Transparency;

/// <summary>
/// A perfect subtree: level 0 is a leaf; node (level, index) covers leaves
/// [index·2^level, (index+1)·2^level). Once complete it never changes, since the log only grows.
/// </summary>
public readonly record struct MerkleNode(int Level, long Index)
{
    private const int IndexBits = 48;

    /// <summary>One integer per node, so a store can key nodes by a single primary key.</summary>
    public long Key => ((long)Level << IndexBits) | Index;

    public static MerkleNode FromKey(long key) => new((int)(key >> IndexBits), key & ((1L << IndexBits) - 1));
}
