using AlatauPay.Domain.Invoices;
using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Application.Ports;

/// <summary>
/// What the invariant checker reads from the store besides the ledger, invoice and chain ports: every row as
/// stored, with no rule re-applied, so that a row someone altered is seen as it is. Read-only.
/// </summary>
public interface IAuditFacts
{
    /// <summary>Every invoice id, oldest first.</summary>
    Task<IReadOnlyList<InvoiceId>> InvoiceIdsAsync(CancellationToken cancellationToken);

    /// <summary>Every tree head the deployment signed, in the order they were signed.</summary>
    Task<IReadOnlyList<SignedTreeHead>> TreeHeadsAsync(CancellationToken cancellationToken);

    /// <summary>Every observation's natural key as stored (one row per stored observation).</summary>
    Task<IReadOnlyList<ObservationKey>> ObservationKeysAsync(CancellationToken cancellationToken);

    /// <summary>Which payments each ledger entry accounts for, kept for good.</summary>
    Task<IReadOnlyList<EntryChainReference>> ChainReferencesAsync(CancellationToken cancellationToken);

    /// <summary>Every block marked canonical, by chain and height.</summary>
    Task<IReadOnlyList<StoredBlock>> CanonicalBlocksAsync(CancellationToken cancellationToken);
}

public sealed record ObservationKey(string Chain, string TxId, long Index, string? InvoiceId, string? AccountedBy);

public sealed record EntryChainReference(string EntryKey, string Reference);

public sealed record StoredBlock(string Chain, long Height, string Hash, string ParentHash);
