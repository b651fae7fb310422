using System.Runtime.CompilerServices;
using System.Text.Json;
using AlatauPay.Application.Ports;

namespace AlatauPay.Application.Ledger.Export;

/// <summary>
/// The verifier's export: one JSON object per line, <c>{"leafIndex":0,"entryId":1,"canonical":"…"}</c>, in leaf
/// order. The canonical bytes carry every field of the entry; a verifier hashes them and needs nothing else.
/// </summary>
public static class LedgerJsonLines
{
    public static async IAsyncEnumerable<string> Lines(IAsyncEnumerable<LedgerRecord> records, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            yield return Line(record.LeafIndex, record.Id, record.CanonicalBytes());
        }
    }

    public static string Line(long leafIndex, long entryId, byte[] canonical) =>
        JsonSerializer.Serialize(new ExportedLeaf(leafIndex, entryId, Convert.ToBase64String(canonical)), ExportedLeaf.Json);
}

/// <summary>One line of a jsonl export.</summary>
public sealed record ExportedLeaf(long LeafIndex, long EntryId, string Canonical)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
