using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using AlatauPay.Domain.Ledger;

namespace AlatauPay.Application.Audit.Check;

/// <summary>Nothing counted twice: one live settlement per settled invoice, one observation and one accounting per payment.</summary>
internal sealed class SettlementInvariants(IReadOnlyList<LedgerRecord> entries, IReadOnlyList<StoredInvoice> invoices)
{
    public InvariantResult OneSettlementPerInvoice()
    {
        var violations = new List<string>();
        var keys = entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var settlements = entries.Where(e => PaymentReconciliation.IsSettlementKey(e.Key)).ToLookup(e => InvoiceOfSettlementKey(e.Key));
        foreach (var entry in entries.Where(e => PaymentReconciliation.IsSettlementKey(e.Key) && e.InvoiceId != InvoiceOfSettlementKey(e.Key)))
        {
            violations.Add($"entry {entry.Key} is recorded for invoice {entry.InvoiceId ?? "(none)"}");
        }

        foreach (var (invoice, _, _) in invoices)
        {
            var live = settlements[invoice.Id.Value].Where(e => !keys.Contains(ReversalPosting.KeyFor(e.Key))).Select(e => e.Key).ToList();
            var expected = invoice.Status == InvoiceStatus.Settled ? 1 : 0;
            if (live.Count != expected)
            {
                violations.Add($"invoice {invoice.Id} is {invoice.Status.ToName()} with {live.Count} live settlement(s){(live.Count > 0 ? ": " + string.Join(", ", live) : "")}");
            }
        }

        foreach (var reversal in entries.Where(e => e.Key.StartsWith("reverse:", StringComparison.Ordinal) && !keys.Contains(e.Key["reverse:".Length..])))
        {
            violations.Add($"entry {reversal.Key} reverses an entry that does not exist");
        }

        return new InvariantResult("one-settlement", "exactly one live settle:{invoiceId} entry per settled invoice, none for any other", invoices.Count, violations);
    }

    /// <summary>
    /// Each natural key (chain, txid, output or log index) is stored once, however its txid is spelled, and no
    /// payment is accounted for by two live entries at once.
    /// </summary>
    public static InvariantResult OneObservationPerKey(
        IReadOnlyList<ObservationKey> observations, IReadOnlyList<EntryChainReference> references, IReadOnlyList<LedgerRecord> entries)
    {
        var violations = new List<string>();
        foreach (var duplicate in observations.GroupBy(o => (o.Chain, TxId: Normalise(o.TxId), o.Index)).Where(g => g.Count() > 1))
        {
            violations.Add($"observation {duplicate.Key.Chain}:{duplicate.Key.TxId}:{duplicate.Key.Index} is stored {duplicate.Count()} times");
        }

        var keys = entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        bool IsLive(string key) => keys.Contains(key) && !key.StartsWith("reverse:", StringComparison.Ordinal) && !keys.Contains(ReversalPosting.KeyFor(key));
        foreach (var twice in references.Where(r => IsLive(r.EntryKey)).GroupBy(r => NormaliseReference(r.Reference)).Where(g => g.Count() > 1))
        {
            violations.Add($"payment {twice.Key} is accounted for by {string.Join(" and ", twice.Select(r => r.EntryKey))}");
        }

        foreach (var stale in observations.Where(o => o.AccountedBy is not null && !IsLive(o.AccountedBy)))
        {
            violations.Add($"observation {stale.Chain}:{stale.TxId}:{stale.Index} is marked accounted by {stale.AccountedBy}, which is {(keys.Contains(stale.AccountedBy!) ? "reversed" : "not in the ledger")}");
        }

        return new InvariantResult("one-observation", "exactly one observation per (chain, txid, index), accounted for by at most one live entry", observations.Count, violations);
    }

    public static InvariantResult AcknowledgedWritesPresent(
        IReadOnlyList<AcknowledgedWrite> acknowledged, IReadOnlyList<StoredInvoice> invoices, IReadOnlyList<LedgerRecord> entries)
    {
        var stored = invoices.Select(i => i.Invoice.Id.Value).ToHashSet(StringComparer.Ordinal);
        var settled = entries.Where(e => PaymentReconciliation.IsSettlementKey(e.Key)).Select(e => InvoiceOfSettlementKey(e.Key)).ToHashSet(StringComparer.Ordinal);
        var violations = new List<string>();
        foreach (var write in acknowledged)
        {
            if (!stored.Contains(write.InvoiceId))
            {
                violations.Add($"invoice {write.InvoiceId} was acknowledged ({write.Status ?? "created"}) and is not in the store");
            }
            else if (write.Status == "settled" && !settled.Contains(write.InvoiceId))
            {
                violations.Add($"invoice {write.InvoiceId} was reported settled and has no settlement entry");
            }
        }

        return new InvariantResult(
            "acknowledged-writes", "every write the API acknowledged is in the store", acknowledged.Count, violations,
            acknowledged.Count == 0 ? "no acknowledged writes were given (--acknowledged)" : null);
    }

    /// <summary><c>settle:{invoiceId}</c> or, after a reversal, <c>settle:{invoiceId}:{n}</c>.</summary>
    internal static string InvoiceOfSettlementKey(string key)
    {
        var rest = key["settle:".Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? rest : rest[..colon];
    }

    private static string Normalise(string txId) => (txId.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? txId[2..] : txId).ToUpperInvariant();

    private static string NormaliseReference(string reference)
    {
        var parts = reference.Split(':');
        return parts.Length == 3 ? $"{parts[0]}:{Normalise(parts[1])}:{parts[2]}" : reference;
    }
}
