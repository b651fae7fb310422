using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Domain.Tests.Transparency;

/// <summary>
/// Forged proofs must fail. Each mutation is applied to every proof of every size up to 64: a verifier
/// that accepts any of them (as a past immudb client did) would let a log rewrite history unnoticed.
/// A size is only ever trusted together with its root, as a signed tree head gives them, so a wrong size
/// means a proof made for another size, or a claimed size whose path length cannot match.
/// </summary>
public sealed class AdversarialProofTests
{
    private const int MaxSize = 64;

    private static readonly List<byte[]> Data = [.. Enumerable.Range(0, MaxSize + 1).Select(i => new[] { (byte)i, (byte)~i })];

    private static readonly StoredTree Tree = StoredTree.Of(Data);

    private static readonly byte[][] Roots = [.. Enumerable.Range(0, MaxSize + 2).Select(n => MerkleProofs.Root(n, Tree.Read))];

    public static TheoryData<string> InclusionForgeries => [.. InclusionMutations.Keys];

    public static TheoryData<string> ConsistencyForgeries => [.. ConsistencyMutations.Keys];

    private static Dictionary<string, Func<InclusionCase, InclusionCase?>> InclusionMutations { get; } = new()
    {
        ["flipped byte in a path hash"] = c => c.Path.Count == 0 ? null : c with { Path = Flip(c.Path, c.Path.Count - 1, 7) },
        ["flipped byte in the leaf hash"] = c => c with { LeafHash = FlipBytes(c.LeafHash, 0) },
        ["flipped byte in the root"] = c => c with { Root = FlipBytes(c.Root, 31) },
        ["path of the next tree size"] = c => c with { Path = MerkleProofs.Inclusion(c.Leaf, c.Size + 1, Tree.Read) },
        ["path of the previous tree size"] = c => c.Size - 1 <= c.Leaf ? null : c with { Path = MerkleProofs.Inclusion(c.Leaf, c.Size - 1, Tree.Read) },
        ["claimed size doubled"] = c => c with { Size = c.Size * 2 },
        ["claimed size halved"] = c => c.Size / 2 <= c.Leaf ? null : c with { Size = c.Size / 2 },
        ["index of the neighbour"] = c => c.Size < 2 ? null : c with { Leaf = (c.Leaf ^ 1) < c.Size ? c.Leaf ^ 1 : c.Leaf - 1 },
        ["index equal to the size"] = c => c with { Leaf = c.Size },
        ["negative index"] = c => c with { Leaf = -1 },
        ["path truncated"] = c => c.Path.Count == 0 ? null : c with { Path = [.. c.Path.Take(c.Path.Count - 1)] },
        ["path extended"] = c => c with { Path = [.. c.Path, Enumerable.Repeat((byte)0xab, 32).ToArray()] },
        ["path extended by its own last hash"] = c => c.Path.Count == 0 ? null : c with { Path = [.. c.Path, c.Path[^1]] },
        ["path reordered"] = c => c.Path.Count < 2 ? null : c with { Path = [c.Path[1], c.Path[0], .. c.Path.Skip(2)] },
        ["path hash shortened to 31 bytes"] = c => c.Path.Count == 0 ? null : c with { Path = [c.Path[0][..31], .. c.Path.Skip(1)] },
        ["leaf hash of a neighbour"] = c => c.Size < 2 ? null : c with { LeafHash = MerkleHash.Leaf(Data[c.Leaf == 0 ? 1 : c.Leaf - 1]) },
        ["leaf hash given as the raw data's node hash"] = c => c with { LeafHash = MerkleHash.Node(MerkleHash.Leaf(Data[c.Leaf]), MerkleHash.Leaf(Data[c.Leaf])) },
        ["proof from a tree with two leaves swapped"] = c => c.Size < 2 ? null : c with { Path = SwappedTreePath(c) },
    };

    private static Dictionary<string, Func<ConsistencyCase, ConsistencyCase?>> ConsistencyMutations { get; } = new()
    {
        ["flipped byte in a proof hash"] = c => c with { Proof = Flip(c.Proof, 0, 3) },
        ["flipped byte in the first root"] = c => c with { FirstRoot = FlipBytes(c.FirstRoot, 0) },
        ["flipped byte in the second root"] = c => c with { SecondRoot = FlipBytes(c.SecondRoot, 0) },
        ["first size one smaller"] = c => c.First < 2 ? null : c with { First = c.First - 1 },
        ["proof for the next second size"] = c => c with { Proof = [.. MerkleProofs.Consistency(c.First, c.Second + 1, Tree.Read)] },
        ["proof for the previous first size"] = c => c.First < 2 ? null : c with { Proof = [.. MerkleProofs.Consistency(c.First - 1, c.Second, Tree.Read)] },
        ["claimed second size doubled"] = c => c with { Second = c.Second * 2 },
        ["sizes swapped"] = c => c with { First = c.Second, Second = c.First, FirstRoot = c.SecondRoot, SecondRoot = c.FirstRoot },
        ["proof truncated"] = c => c with { Proof = [.. c.Proof.Take(c.Proof.Length - 1)] },
        ["proof extended"] = c => c with { Proof = [.. c.Proof, Enumerable.Repeat((byte)0xcd, 32).ToArray()] },
        ["proof reordered"] = c => c.Proof.Length < 2 ? null : c with { Proof = [c.Proof[1], c.Proof[0], .. c.Proof.Skip(2)] },
        ["proof emptied"] = c => c with { Proof = [] },
        ["second root of a tree with two leaves swapped"] = c => c with { SecondRoot = SwappedRoot(c.Second) },
    };

    [Theory]
    [MemberData(nameof(InclusionForgeries))]
    public void AForgedInclusionProofIsRejected(string forgery)
    {
        var tried = 0;
        foreach (var honest in AllInclusionCases())
        {
            Assert.True(honest.Verify(), $"honest leaf {honest.Leaf} of {honest.Size}");
            if (InclusionMutations[forgery](honest) is { } forged && !Same(forged, honest))
            {
                tried++;
                Assert.False(forged.Verify(), $"{forgery}: leaf {honest.Leaf} of {honest.Size} was accepted");
            }
        }

        Assert.True(tried > 100, $"only {tried} cases were tried");
    }

    [Theory]
    [MemberData(nameof(ConsistencyForgeries))]
    public void AForgedConsistencyProofIsRejected(string forgery)
    {
        var tried = 0;
        foreach (var honest in AllConsistencyCases())
        {
            Assert.True(honest.Verify(), $"honest {honest.First} to {honest.Second}");
            if (ConsistencyMutations[forgery](honest) is { } forged)
            {
                tried++;
                Assert.False(forged.Verify(), $"{forgery}: {honest.First} to {honest.Second} was accepted");
            }
        }

        Assert.True(tried > 100, $"only {tried} cases were tried");
    }

    private static IEnumerable<InclusionCase> AllInclusionCases()
    {
        for (var size = 1; size <= MaxSize; size++)
        {
            for (var leaf = 0; leaf < size; leaf++)
            {
                yield return new InclusionCase(leaf, size, MerkleHash.Leaf(Data[leaf]), MerkleProofs.Inclusion(leaf, size, Tree.Read), Roots[size]);
            }
        }
    }

    private static IEnumerable<ConsistencyCase> AllConsistencyCases()
    {
        for (var second = 2; second <= MaxSize; second++)
        {
            for (var first = 1; first < second; first++)
            {
                yield return new ConsistencyCase(first, second, Roots[first], Roots[second], [.. MerkleProofs.Consistency(first, second, Tree.Read)]);
            }
        }
    }

    private static bool Same(InclusionCase a, InclusionCase b) =>
        a.Leaf == b.Leaf && a.Size == b.Size && a.LeafHash.SequenceEqual(b.LeafHash) && a.Root.SequenceEqual(b.Root)
        && a.Path.Count == b.Path.Count && a.Path.Zip(b.Path).All(p => p.First.SequenceEqual(p.Second));

    private static IReadOnlyList<byte[]> SwappedTreePath(InclusionCase c)
    {
        var other = c.Leaf == 0 ? 1 : c.Leaf - 1;
        var swapped = StoredTree.Of(Data.Take(c.Size).Select((d, i) => i == c.Leaf ? Data[other] : i == other ? Data[c.Leaf] : d));
        return MerkleProofs.Inclusion(other, c.Size, swapped.Read);
    }

    private static byte[] SwappedRoot(int size)
    {
        var swapped = StoredTree.Of(Data.Take(size).Select((d, i) => i == 0 ? Data[1] : i == 1 ? Data[0] : d));
        return MerkleProofs.Root(size, swapped.Read);
    }

    private static byte[][] Flip(IReadOnlyList<byte[]> hashes, int which, int at) =>
        [.. hashes.Select((h, i) => i == which ? FlipBytes(h, at) : h)];

    private static byte[] FlipBytes(byte[] hash, int at)
    {
        var copy = (byte[])hash.Clone();
        copy[at] ^= 0x01;
        return copy;
    }

    private sealed record InclusionCase(int Leaf, int Size, byte[] LeafHash, IReadOnlyList<byte[]> Path, byte[] Root)
    {
        public bool Verify() => MerkleVerifier.VerifyInclusion(Leaf, Size, LeafHash, Path, Root);
    }

    private sealed record ConsistencyCase(int First, int Second, byte[] FirstRoot, byte[] SecondRoot, byte[][] Proof)
    {
        public bool Verify() => MerkleVerifier.VerifyConsistency(First, Second, FirstRoot, SecondRoot, Proof);
    }
}
