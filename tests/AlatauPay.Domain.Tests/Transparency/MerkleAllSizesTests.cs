using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Domain.Tests.Transparency;

/// <summary>Every tree size, every leaf and every pair of sizes up to 70, against the RFC's own recursive definitions.</summary>
public sealed class MerkleAllSizesTests
{
    private const int MaxSize = 70;

    private static readonly List<byte[]> Data = [.. Enumerable.Range(0, MaxSize).Select(i => new[] { (byte)i, (byte)(i * 7), (byte)(i >> 3) })];

    private static readonly StoredTree Tree = StoredTree.Of(Data);

    [Fact]
    public void RootsMatchTheReferenceAtEverySize()
    {
        var streamed = new CompactRange();
        for (var size = 0; size <= MaxSize; size++)
        {
            var expected = ReferenceMerkle.Mth(Data.Take(size).ToList());
            Assert.Equal(expected, MerkleProofs.Root(size, Tree.Read));
            Assert.Equal(expected, streamed.Root());
            if (size < MaxSize)
            {
                streamed.Append(MerkleHash.Leaf(Data[size]));
            }
        }
    }

    [Fact]
    public void EveryInclusionProofMatchesTheReferenceAndVerifies()
    {
        for (var size = 1; size <= MaxSize; size++)
        {
            var leaves = Data.Take(size).ToList();
            var root = ReferenceMerkle.Mth(leaves);
            for (var leaf = 0; leaf < size; leaf++)
            {
                var path = MerkleProofs.Inclusion(leaf, size, Tree.Read);

                Assert.Equal(ReferenceMerkle.Path(leaf, leaves), path);
                Assert.True(MerkleVerifier.VerifyInclusion(leaf, size, MerkleHash.Leaf(Data[leaf]), path, root), $"leaf {leaf} of {size}");
            }
        }
    }

    [Fact]
    public void EveryConsistencyProofMatchesTheReferenceAndVerifies()
    {
        for (var second = 0; second <= MaxSize; second++)
        {
            var secondRoot = ReferenceMerkle.Mth(Data.Take(second).ToList());
            for (var first = 0; first <= second; first++)
            {
                var proof = MerkleProofs.Consistency(first, second, Tree.Read);

                Assert.Equal(ReferenceMerkle.Proof(first, Data.Take(second).ToList()), proof);
                var firstRoot = ReferenceMerkle.Mth(Data.Take(first).ToList());
                Assert.True(MerkleVerifier.VerifyConsistency(first, second, firstRoot, secondRoot, proof), $"{first} to {second}");
            }
        }
    }

    [Fact]
    public void AProofReadsOnlyLogarithmicallyManyStoredNodes()
    {
        const long size = 1_000_003;

        var read = MerkleProofs.NodesRead(nodes => MerkleProofs.Inclusion(777_777, size, nodes));

        Assert.InRange(read.Count, 1, 2 * 21);
    }

    [Fact]
    public void AnAppendReadsOnlyTheLeftSiblingsItCompletes()
    {
        Assert.Empty(MerkleAppend.SiblingsNeeded(8));
        Assert.Equal([new MerkleNode(0, 6), new MerkleNode(1, 2), new MerkleNode(2, 0)], MerkleAppend.SiblingsNeeded(7));
    }
}
