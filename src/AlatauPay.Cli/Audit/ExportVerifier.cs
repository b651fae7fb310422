using System.Text.Json;
using AlatauPay.Application.Ledger.Export;
using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Cli.Audit;

/// <summary>What recomputing the tree from a jsonl export found.</summary>
public sealed record ExportSummary(long Leaves, byte[] Root, byte[]? RootAtCheckpoint, string? Problem);

/// <summary>
/// Recomputes the Merkle root from a jsonl export, one line at a time in constant memory. It hashes the
/// canonical bytes it is given and checks that each line is the next leaf and names the entry it carries.
/// </summary>
public static class ExportVerifier
{
    public static async Task<ExportSummary> VerifyAsync(
        Stream jsonl, long stopAt, long checkpoint, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jsonl);
        var range = new CompactRange();
        byte[]? atCheckpoint = checkpoint == 0 ? MerkleHash.EmptyRoot : null;
        using var reader = new StreamReader(jsonl, bufferSize: 1 << 16);
        while (range.Size < stopAt && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var problem = Append(range, line);
            if (problem is not null)
            {
                return new ExportSummary(range.Size, range.Root(), atCheckpoint, problem);
            }

            if (range.Size == checkpoint)
            {
                atCheckpoint = range.Root();
            }

            if ((range.Size & 0x3fff) == 0)
            {
                progress?.Invoke(range.Size);
            }
        }

        progress?.Invoke(range.Size);
        return new ExportSummary(range.Size, range.Root(), atCheckpoint, null);
    }

    private static string? Append(CompactRange range, string line)
    {
        ExportedLeaf? leaf;
        byte[] canonical;
        try
        {
            leaf = JsonSerializer.Deserialize<ExportedLeaf>(line, ExportedLeaf.Json);
            canonical = Convert.FromBase64String(leaf?.Canonical ?? "");
        }
        catch (Exception failure) when (failure is JsonException or FormatException)
        {
            return $"line {range.Size + 1} is not an exported leaf: {failure.Message}";
        }

        if (leaf is null || leaf.LeafIndex != range.Size)
        {
            return $"line {range.Size + 1} claims leaf {leaf?.LeafIndex}; leaves must come in order from 0";
        }

        if (EntryIdIn(canonical) != leaf.EntryId)
        {
            return $"leaf {leaf.LeafIndex} says entry {leaf.EntryId} but its canonical bytes are of another entry";
        }

        range.Append(MerkleHash.Leaf(canonical));
        return null;
    }

    private static long? EntryIdIn(byte[] canonical)
    {
        try
        {
            using var document = JsonDocument.Parse(canonical);
            return document.RootElement.TryGetProperty("entryId", out var id) && id.TryGetInt64(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
