namespace AlatauPay.Domain.Ledger.Transparency;

/// <summary>
/// What appending one leaf adds to a stored tree: the leaf, then every perfect subtree it completes.
/// Only the left siblings on the way up are read, so an append costs O(log n) and never a rebuild.
/// </summary>
public static class MerkleAppend
{
    public static IReadOnlyList<(MerkleNode Node, byte[] Hash)> CompletedNodes(
        long leafIndex, byte[] leafHash, Func<MerkleNode, byte[]> readNode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
        ArgumentNullException.ThrowIfNull(readNode);
        var completed = new List<(MerkleNode, byte[])>(4) { (new MerkleNode(0, leafIndex), leafHash) };
        var hash = leafHash;
        var index = leafIndex;
        var level = 0;
        while ((index & 1) == 1)
        {
            hash = MerkleHash.Node(readNode(new MerkleNode(level, index - 1)), hash);
            index >>= 1;
            level++;
            completed.Add((new MerkleNode(level, index), hash));
        }

        return completed;
    }

    /// <summary>The left siblings <see cref="CompletedNodes"/> will read, so a store can fetch them in one query.</summary>
    public static IReadOnlyList<MerkleNode> SiblingsNeeded(long leafIndex)
    {
        var needed = new List<MerkleNode>();
        for (var (index, level) = (leafIndex, 0); (index & 1) == 1; index >>= 1, level++)
        {
            needed.Add(new MerkleNode(level, index - 1));
        }

        return needed;
    }
}
