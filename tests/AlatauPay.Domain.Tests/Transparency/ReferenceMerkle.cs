using System.Security.Cryptography;
using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Domain.Tests.Transparency;

/// <summary>RFC 9162 section 2.1 written as literally as possible over the leaves' data, to check the stored-tree code against.</summary>
internal static class ReferenceMerkle
{
    public static byte[] Mth(IReadOnlyList<byte[]> d)
    {
        if (d.Count == 0)
        {
            return SHA256.HashData([]);
        }

        if (d.Count == 1)
        {
            return SHA256.HashData([0x00, .. d[0]]);
        }

        var k = K(d.Count);
        return SHA256.HashData([0x01, .. Mth(d.Take(k).ToList()), .. Mth(d.Skip(k).ToList())]);
    }

    public static List<byte[]> Path(int m, IReadOnlyList<byte[]> d)
    {
        if (d.Count == 1)
        {
            return [];
        }

        var k = K(d.Count);
        return m < k
            ? [.. Path(m, d.Take(k).ToList()), Mth(d.Skip(k).ToList())]
            : [.. Path(m - k, d.Skip(k).ToList()), Mth(d.Take(k).ToList())];
    }

    public static List<byte[]> Proof(int m, IReadOnlyList<byte[]> d) => m == 0 || m == d.Count ? [] : Subproof(m, d, true);

    private static List<byte[]> Subproof(int m, IReadOnlyList<byte[]> d, bool b)
    {
        if (m == d.Count)
        {
            return b ? [] : [Mth(d)];
        }

        var k = K(d.Count);
        return m <= k
            ? [.. Subproof(m, d.Take(k).ToList(), b), Mth(d.Skip(k).ToList())]
            : [.. Subproof(m - k, d.Skip(k).ToList(), false), Mth(d.Take(k).ToList())];
    }

    private static int K(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }
}

/// <summary>A tree stored node by node as the SQLite store keeps it, built only through <see cref="MerkleAppend"/>.</summary>
internal sealed class StoredTree
{
    private readonly Dictionary<MerkleNode, byte[]> nodes = [];

    public long Size { get; private set; }

    public static StoredTree Of(IEnumerable<byte[]> leafData)
    {
        var tree = new StoredTree();
        foreach (var data in leafData)
        {
            tree.Append(MerkleHash.Leaf(data));
        }

        return tree;
    }

    public void Append(byte[] leafHash)
    {
        foreach (var (node, hash) in MerkleAppend.CompletedNodes(Size, leafHash, Read))
        {
            nodes.Add(node, hash);
        }

        Size++;
    }

    public byte[] Read(MerkleNode node) =>
        nodes.TryGetValue(node, out var hash) ? hash : throw new InvalidOperationException($"Node {node} is not stored.");
}
