using AlatauPay.Domain.Ledger;

namespace AlatauPay.Application.Ports;

public interface ILedgerRepository
{
    /// <summary>
    /// Appends the entry whole, or nothing when an entry with its key exists already (returns null).
    /// A unique constraint decides, so concurrent appends of one key leave exactly one entry.
    /// </summary>
    Task<long?> TryAppendAsync(LedgerEntry entry, CancellationToken cancellationToken);

    Task<StoredLedgerEntry?> FindByKeyAsync(string key, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredLedgerEntry>> ListByInvoiceAsync(string invoiceId, CancellationToken cancellationToken);
}

/// <summary>An entry as the ledger holds it, with the sequence number it was given.</summary>
public sealed record StoredLedgerEntry(long Id, LedgerEntry Entry);
