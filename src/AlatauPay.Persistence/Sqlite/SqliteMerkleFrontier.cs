using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Persistence.Sqlite;

/// <summary>
/// The tree's right edge (one perfect subtree per set bit of the size), remembered between appends so an
/// append writes its leaf and every subtree it completes in one command, without reading siblings back.
/// It is only a guess: the append's own INSERT checks the size it assumed, and a guess left stale by a
/// rolled-back transaction is reloaded from the stored nodes.
/// </summary>
public sealed class SqliteMerkleFrontier
{
    private readonly Lock gate = new();
    private long size = -1;
    private List<byte[]> peaks = [];

    public bool TryGet(out long treeSize, out IReadOnlyList<byte[]> edge)
    {
        lock (gate)
        {
            (treeSize, edge) = (size, [.. peaks]);
            return size >= 0;
        }
    }

    public void Set(long treeSize, IReadOnlyList<byte[]> edge)
    {
        lock (gate)
        {
            (size, peaks) = (treeSize, [.. edge]);
        }
    }

    public void Forget() => Set(-1, []);

    /// <summary>The stored nodes that make up the right edge of a tree of <paramref name="treeSize"/> leaves, left to right.</summary>
    public static IReadOnlyList<MerkleNode> EdgeOf(long treeSize)
    {
        var nodes = new List<MerkleNode>();
        var start = 0L;
        for (var level = 62; level >= 0; level--)
        {
            if ((treeSize & (1L << level)) != 0)
            {
                nodes.Add(new MerkleNode(level, start >> level));
                start += 1L << level;
            }
        }

        return nodes;
    }

    /// <summary>Appends a leaf to an edge: the nodes it completes (leaf first) and the edge after it.</summary>
    public static (IReadOnlyList<(MerkleNode Node, byte[] Hash)> Completed, IReadOnlyList<byte[]> Edge) Append(
        long treeSize, IReadOnlyList<byte[]> edge, byte[] leafHash)
    {
        var remaining = edge.ToList();
        var completed = MerkleAppend.CompletedNodes(treeSize, leafHash, _ =>
        {
            var sibling = remaining[^1];
            remaining.RemoveAt(remaining.Count - 1);
            return sibling;
        });
        remaining.Add(completed[^1].Hash);
        return (completed, remaining);
    }
}
