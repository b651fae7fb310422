using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Application.Audit.Check;

/// <summary>
/// The transparency log's root, rebuilt from the entry rows, equals the root its stored nodes give, every entry
/// is a leaf, and every tree head ever signed is the root of the entries it covered: so each earlier head is
/// consistent with today's tree.
/// </summary>
internal static class TransparencyInvariants
{
    public static async Task<InvariantResult> CheckAsync(
        ILedgerReader ledger, ITransparencyLog log, IReadOnlyList<SignedTreeHead> heads, long entryCount, CancellationToken cancellationToken)
    {
        var violations = new List<string>();
        var size = await log.SizeAsync(cancellationToken);
        if (size != entryCount)
        {
            violations.Add($"the log holds {size} leaves for {entryCount} entries");
        }

        var wanted = heads.GroupBy(h => h.Head.TreeSize).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var beyond in heads.Where(h => h.Head.TreeSize > size))
        {
            violations.Add($"a head was signed for {beyond.Head.TreeSize} leaves; the log holds {size}");
        }

        var rebuilt = new CompactRange();
        CheckHeadsAt(rebuilt, wanted, violations);
        await foreach (var entry in ledger.InLeafOrderAsync(size, cancellationToken))
        {
            if (entry.LeafIndex != rebuilt.Size)
            {
                violations.Add($"entry {entry.Id} is leaf {entry.LeafIndex}; leaf {rebuilt.Size} was expected next");
            }

            rebuilt.Append(MerkleHash.Leaf(entry.CanonicalBytes()));
            CheckHeadsAt(rebuilt, wanted, violations);
        }

        var nodes = MerkleProofs.NodesRead(read => MerkleProofs.Root(size, read));
        var stored = nodes.Count == 0 ? new Dictionary<MerkleNode, byte[]>() : await log.ReadNodesAsync(nodes, cancellationToken);
        if (stored.Count != nodes.Count)
        {
            violations.Add($"the log is missing {nodes.Count - stored.Count} of the nodes its root is made of");
        }
        else if (size > 0 && !MerkleProofs.Root(size, n => stored[n]).AsSpan().SequenceEqual(rebuilt.Root()))
        {
            violations.Add($"the stored root of {size} leaves is {MerkleHash.ToHex(MerkleProofs.Root(size, n => stored[n]))}; the entries give {MerkleHash.ToHex(rebuilt.Root())}");
        }

        return new InvariantResult(
            "transparency-log", "the log's root recomputes from the entries and every signed tree head is consistent with it", size + heads.Count, violations,
            heads.Count == 0 ? "no tree head has been signed yet" : $"{heads.Count} signed heads checked (signatures are checked by 'audit verify')");
    }

    private static void CheckHeadsAt(CompactRange rebuilt, Dictionary<long, List<SignedTreeHead>> wanted, List<string> violations)
    {
        if (!wanted.TryGetValue(rebuilt.Size, out var heads))
        {
            return;
        }

        var root = rebuilt.Size == 0 ? MerkleHash.EmptyRoot : rebuilt.Root();
        foreach (var head in heads.Where(h => !h.Head.RootHash.AsSpan().SequenceEqual(root)))
        {
            violations.Add($"the head signed at {head.Head.Timestamp:O} for {head.Head.TreeSize} leaves has root {MerkleHash.ToHex(head.Head.RootHash)}; the entries give {MerkleHash.ToHex(root)}");
        }
    }
}
