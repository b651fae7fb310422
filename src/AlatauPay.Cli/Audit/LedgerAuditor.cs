using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Cli.Audit;

/// <summary>
/// The verification <c>alatau audit verify</c> runs: signatures, the key against the pinned one, consistency
/// from the trusted head, the root recomputed from every exported entry, and inclusion of entries asked for.
/// </summary>
public static class LedgerAuditor
{
    public static async Task<VerificationReport> VerifyAsync(AuditInputs inputs, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var report = new VerificationReport();
        var (current, trusted) = (inputs.Current, inputs.Trusted);
        report.Check("current tree head signature", current.IsSigned(), $"size {current.TreeSize}, key {current.KeyId}");
        if (trusted is null)
        {
            report.Check("signing key", true, $"{current.KeyId} (no trusted head given: trusted on first use; pin it with --save-head)");
        }
        else
        {
            report.Check("trusted tree head signature", trusted.IsSigned(), $"size {trusted.TreeSize}, key {trusted.KeyId}");
            report.Check("signing key", trusted.PublicKey == current.PublicKey,
                trusted.PublicKey == current.PublicKey ? $"{current.KeyId}, as pinned" : $"changed from pinned {trusted.KeyId} to {current.KeyId}");
            if (report.Check("history only grew", trusted.TreeSize <= current.TreeSize, $"{trusted.TreeSize} -> {current.TreeSize}") && inputs.Consistency is not null)
            {
                var proof = await inputs.Consistency(trusted.TreeSize, current.TreeSize, cancellationToken);
                report.Check("consistency proof", MerkleVerifier.VerifyConsistency(trusted.TreeSize, current.TreeSize, trusted.Root, current.Root, proof),
                    $"{proof.Count} hashes from size {trusted.TreeSize} to {current.TreeSize}");
            }
        }

        await CheckExportAsync(inputs, report, progress, cancellationToken);
        foreach (var entryId in inputs.Entries)
        {
            await CheckInclusionAsync(inputs, entryId, report, cancellationToken);
        }

        return report;
    }

    private static async Task CheckExportAsync(AuditInputs inputs, VerificationReport report, Action<long>? progress, CancellationToken cancellationToken)
    {
        var (current, trusted) = (inputs.Current, inputs.Trusted);
        await using var export = await inputs.OpenExport(current.TreeSize, cancellationToken);
        var summary = await ExportVerifier.VerifyAsync(export, current.TreeSize, trusted?.TreeSize ?? 0, progress, cancellationToken);
        if (!report.Check("export readable", summary.Problem is null, summary.Problem ?? $"{summary.Leaves} entries"))
        {
            return;
        }

        report.Check("export complete", summary.Leaves == current.TreeSize, $"{summary.Leaves} of {current.TreeSize} entries");
        report.Check("root recomputed from the export", summary.Root.AsSpan().SequenceEqual(current.Root),
            summary.Root.AsSpan().SequenceEqual(current.Root)
                ? $"{current.RootHash} matches the signed head"
                : $"{MerkleHash.ToHex(summary.Root)} differs from the signed head's {current.RootHash}: an entry was altered, removed or inserted");
        if (trusted is not null && summary.RootAtCheckpoint is { } earlier)
        {
            report.Check("trusted head recomputed from the export", earlier.AsSpan().SequenceEqual(trusted.Root),
                $"first {trusted.TreeSize} entries hash to {MerkleHash.ToHex(earlier)}");
        }
    }

    private static async Task CheckInclusionAsync(AuditInputs inputs, long entryId, VerificationReport report, CancellationToken cancellationToken)
    {
        if (inputs.Inclusion is null)
        {
            report.Check($"entry {entryId} included", false, "inclusion checks need --server");
            return;
        }

        var (leafIndex, canonical, path) = await inputs.Inclusion(entryId, inputs.Current.TreeSize, cancellationToken);
        report.Check($"entry {entryId} included", MerkleVerifier.VerifyInclusion(leafIndex, inputs.Current.TreeSize, MerkleHash.Leaf(canonical), path, inputs.Current.Root),
            $"leaf {leafIndex}, {path.Count} hashes to the signed root");
    }
}

/// <summary>Where a verification reads from: a live gateway, or files saved earlier (then without proofs it cannot fetch).</summary>
public sealed record AuditInputs(
    SignedHeadFile Current,
    SignedHeadFile? Trusted,
    Func<long, CancellationToken, Task<Stream>> OpenExport,
    Func<long, long, CancellationToken, Task<IReadOnlyList<byte[]>>>? Consistency,
    Func<long, long, CancellationToken, Task<(long LeafIndex, byte[] Canonical, IReadOnlyList<byte[]> Path)>>? Inclusion,
    IReadOnlyList<long> Entries);
