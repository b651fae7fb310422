using AlatauPay.Domain.Ledger;

namespace AlatauPay.Application.Ports;

public interface ILedgerRepository
{
    /// <summary>
    /// Appends the entry whole, or nothing when an entry with its key exists already (returns null).
    /// A unique constraint decides, so concurrent appends of one key leave exactly one entry.
    /// </summary>
    Task<long?> TryAppendAsync(LedgerEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Appends each entry as <see cref="TryAppendAsync"/> would, in order, in the one transaction of the unit of
    /// work: its id, or null where the key exists already. A store may do it in fewer round trips than one per entry.
    /// </summary>
    async Task<IReadOnlyList<long?>> TryAppendManyAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var ids = new List<long?>(entries.Count);
        foreach (var entry in entries)
        {
            ids.Add(await TryAppendAsync(entry, cancellationToken));
        }

        return ids;
    }

    Task<StoredLedgerEntry?> FindByKeyAsync(string key, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredLedgerEntry>> ListByInvoiceAsync(string invoiceId, CancellationToken cancellationToken);
}

/// <summary>An entry as the ledger holds it, with the sequence number it was given.</summary>
public sealed record StoredLedgerEntry(long Id, LedgerEntry Entry);
