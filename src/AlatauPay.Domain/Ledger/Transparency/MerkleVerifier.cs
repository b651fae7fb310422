namespace AlatauPay.Domain.Ledger.Transparency;

/// <summary>
/// The RFC 9162 verification algorithms (2.1.3.2 inclusion, 2.1.4.2 consistency), strict about every
/// length: a path one hash too short or too long, a size out of range or a hash not 32 bytes is a failure,
/// never a pass.
/// </summary>
public static class MerkleVerifier
{
    public static bool VerifyInclusion(long leafIndex, long treeSize, byte[] leafHash, IReadOnlyList<byte[]> path, byte[] rootHash)
    {
        if (leafIndex < 0 || leafIndex >= treeSize || !IsHash(leafHash) || !IsHash(rootHash) || path is null || !path.All(IsHash))
        {
            return false;
        }

        var (fn, sn, r) = (leafIndex, treeSize - 1, leafHash);
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHash.Node(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    (fn, sn) = (fn >> 1, sn >> 1);
                }
            }
            else
            {
                r = MerkleHash.Node(r, p);
            }

            (fn, sn) = (fn >> 1, sn >> 1);
        }

        return sn == 0 && r.AsSpan().SequenceEqual(rootHash);
    }

    public static bool VerifyConsistency(long firstSize, long secondSize, byte[] firstRoot, byte[] secondRoot, IReadOnlyList<byte[]> proof)
    {
        if (firstSize < 0 || firstSize > secondSize || !IsHash(firstRoot) || !IsHash(secondRoot) || proof is null || !proof.All(IsHash))
        {
            return false;
        }

        if (firstSize == secondSize)
        {
            return proof.Count == 0 && firstRoot.AsSpan().SequenceEqual(secondRoot);
        }

        if (firstSize == 0)
        {
            return proof.Count == 0 && firstRoot.AsSpan().SequenceEqual(MerkleHash.EmptyRoot);
        }

        return proof.Count > 0 && VerifyNonTrivialConsistency(firstSize, secondSize, firstRoot, secondRoot, proof);
    }

    private static bool VerifyNonTrivialConsistency(long firstSize, long secondSize, byte[] firstRoot, byte[] secondRoot, IReadOnlyList<byte[]> proof)
    {
        var path = (firstSize & (firstSize - 1)) == 0 ? [firstRoot, .. proof] : proof.ToList();
        var (fn, sn) = (firstSize - 1, secondSize - 1);
        while ((fn & 1) == 1)
        {
            (fn, sn) = (fn >> 1, sn >> 1);
        }

        var (fr, sr) = (path[0], path[0]);
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                (fr, sr) = (MerkleHash.Node(c, fr), MerkleHash.Node(c, sr));
                while ((fn & 1) == 0 && fn != 0)
                {
                    (fn, sn) = (fn >> 1, sn >> 1);
                }
            }
            else
            {
                sr = MerkleHash.Node(sr, c);
            }

            (fn, sn) = (fn >> 1, sn >> 1);
        }

        return sn == 0 && fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot);
    }

    private static bool IsHash(byte[]? hash) => hash is { Length: MerkleHash.Size };
}
