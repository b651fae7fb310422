using System.Numerics;

namespace AlatauPay.Domain.Ledger.Transparency;

/// <summary>
/// Roots, inclusion proofs and consistency proofs exactly as RFC 9162 (2.1.1, 2.1.3.1, 2.1.4.1) defines
/// them, computed from stored perfect subtrees: no proof ever rehashes leaves.
/// </summary>
public static class MerkleProofs
{
    public static byte[] Root(long treeSize, Func<MerkleNode, byte[]> nodes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        return treeSize == 0 ? MerkleHash.EmptyRoot : Subtree(0, treeSize, nodes);
    }

    public static IReadOnlyList<byte[]> Inclusion(long leafIndex, long treeSize, Func<MerkleNode, byte[]> nodes)
    {
        if (leafIndex < 0 || leafIndex >= treeSize)
        {
            throw new ArgumentOutOfRangeException(nameof(leafIndex), $"Leaf {leafIndex} is not in a tree of {treeSize}.");
        }

        var path = new List<byte[]>();
        AddInclusionPath(leafIndex, 0, treeSize, nodes, path);
        return path;
    }

    public static IReadOnlyList<byte[]> Consistency(long fromSize, long toSize, Func<MerkleNode, byte[]> nodes)
    {
        if (fromSize < 0 || fromSize > toSize)
        {
            throw new ArgumentOutOfRangeException(nameof(fromSize), $"No consistency proof from {fromSize} to {toSize}.");
        }

        var proof = new List<byte[]>();
        if (fromSize > 0 && fromSize < toSize)
        {
            AddSubproof(fromSize, 0, toSize, complete: true, nodes, proof);
        }

        return proof;
    }

    /// <summary>The stored nodes a computation reads, found by running it once over placeholders.</summary>
    public static IReadOnlyCollection<MerkleNode> NodesRead(Action<Func<MerkleNode, byte[]>> computation)
    {
        ArgumentNullException.ThrowIfNull(computation);
        var read = new HashSet<MerkleNode>();
        var placeholder = new byte[MerkleHash.Size];
        computation(node =>
        {
            read.Add(node);
            return placeholder;
        });
        return read;
    }

    /// <summary>MTH(D[start:end]): a stored node when the range is a perfect subtree, else split as RFC 9162 does.</summary>
    public static byte[] Subtree(long start, long end, Func<MerkleNode, byte[]> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var size = end - start;
        if (size <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(end), "A subtree holds at least one leaf.");
        }

        if (BitOperations.IsPow2(size) && start % size == 0)
        {
            return nodes(new MerkleNode(BitOperations.Log2((ulong)size), start / size));
        }

        var split = start + LargestPowerOfTwoBelow(size);
        return MerkleHash.Node(Subtree(start, split, nodes), Subtree(split, end, nodes));
    }

    /// <summary>The k of RFC 9162: the largest power of two smaller than <paramref name="n"/> (n ≥ 2).</summary>
    public static long LargestPowerOfTwoBelow(long n) => 1L << BitOperations.Log2((ulong)(n - 1));

    private static void AddInclusionPath(long leaf, long start, long end, Func<MerkleNode, byte[]> nodes, List<byte[]> path)
    {
        if (end - start == 1)
        {
            return;
        }

        var split = start + LargestPowerOfTwoBelow(end - start);
        if (leaf < split)
        {
            AddInclusionPath(leaf, start, split, nodes, path);
            path.Add(Subtree(split, end, nodes));
        }
        else
        {
            AddInclusionPath(leaf, split, end, nodes, path);
            path.Add(Subtree(start, split, nodes));
        }
    }

    private static void AddSubproof(long m, long start, long end, bool complete, Func<MerkleNode, byte[]> nodes, List<byte[]> proof)
    {
        if (m == end - start)
        {
            if (!complete)
            {
                proof.Add(Subtree(start, end, nodes));
            }

            return;
        }

        var k = LargestPowerOfTwoBelow(end - start);
        if (m <= k)
        {
            AddSubproof(m, start, start + k, complete, nodes, proof);
            proof.Add(Subtree(start + k, end, nodes));
        }
        else
        {
            AddSubproof(m - k, start + k, end, complete: false, nodes, proof);
            proof.Add(Subtree(start, start + k, nodes));
        }
    }
}
