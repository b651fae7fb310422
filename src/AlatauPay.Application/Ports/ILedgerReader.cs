using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;
using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Application.Ports;

/// <summary>The auditor's read side of the ledger. Entries are read as stored, without re-running posting rules.</summary>
public interface ILedgerReader
{
    Task<LedgerRecord?> FindAsync(long entryId, CancellationToken cancellationToken);

    /// <summary>Entries in posting order (by id), after <paramref name="startingAfter"/> when given.</summary>
    Task<IReadOnlyList<LedgerRecord>> ListAsync(LedgerEntryFilter filter, int limit, long? startingAfter, CancellationToken cancellationToken);

    Task<IReadOnlyList<LedgerAccountRow>> ListAccountsAsync(int limit, string? startingAfter, CancellationToken cancellationToken);

    Task<bool> AccountExistsAsync(string account, CancellationToken cancellationToken);

    /// <summary>Every posting (to <paramref name="account"/>, or to any account) of entries up to <paramref name="asOf"/>, streamed.</summary>
    IAsyncEnumerable<Posting> PostingsAsOfAsync(string? account, DateTimeOffset asOf, TimeBasis basis, CancellationToken cancellationToken);

    /// <summary>One row per posting in posting order, streamed: the export never holds the ledger in memory.</summary>
    IAsyncEnumerable<ExportPosting> ExportAsync(DateTimeOffset? from, DateTimeOffset? to, TimeBasis basis, CancellationToken cancellationToken);

    /// <summary>The first <paramref name="treeSize"/> logged entries in leaf order, streamed.</summary>
    IAsyncEnumerable<LedgerRecord> InLeafOrderAsync(long treeSize, CancellationToken cancellationToken);
}

/// <summary>Which of an entry's two times a query goes by: when it happened, or when the ledger learned of it.</summary>
public enum TimeBasis
{
    Effective,
    Recorded,
}

public sealed record LedgerEntryFilter(string? Account, string? InvoiceId, DateTimeOffset? From, DateTimeOffset? To, TimeBasis Basis);

/// <summary>An entry as stored, with its place in the transparency log.</summary>
public sealed record LedgerRecord(
    long Id,
    long LeafIndex,
    string Key,
    string? InvoiceId,
    string Description,
    DateTimeOffset EffectiveAt,
    DateTimeOffset RecordedAt,
    IReadOnlyList<Posting> Postings)
{
    public byte[] CanonicalBytes() => CanonicalLedgerEntry.Bytes(Id, Key, InvoiceId, Description, EffectiveAt, RecordedAt, Postings);
}

public sealed record LedgerAccountRow(string Account, IReadOnlyList<string> Currencies, long Postings);

/// <summary>A posting with its entry's fields and, for crypto paid on an invoice, the rate the invoice locked.</summary>
public sealed record ExportPosting(
    long EntryId, DateTimeOffset RecordedAt, DateTimeOffset EffectiveAt, Posting Posting, string? InvoiceId, string Key, ExchangeRate? KztRate,
    string? ChainReference = null);
