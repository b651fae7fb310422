using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;
using Dapper;

namespace AlatauPay.Persistence.Sql;

/// <summary>
/// Reading posted entries back, on either engine. Posting them is each store's own: SQLite runs prepared
/// statements behind its single writer, PostgreSQL posts a batch in a fixed number of statements under the
/// ordered-streams lock.
/// </summary>
internal abstract class SqlLedgerRepository(IStoreSession session, SqlDialect dialect) : ILedgerRepository
{
    public abstract Task<long?> TryAppendAsync(LedgerEntry entry, CancellationToken cancellationToken);

    public async Task<StoredLedgerEntry?> FindByKeyAsync(string key, CancellationToken cancellationToken)
    {
        var found = await LoadAsync("WHERE entry_key = @key", new { key }, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<StoredLedgerEntry>> ListByInvoiceAsync(string invoiceId, CancellationToken cancellationToken) =>
        LoadAsync("WHERE invoice_id = @invoiceId ORDER BY id", new { invoiceId }, cancellationToken);

    private async Task<IReadOnlyList<StoredLedgerEntry>> LoadAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var entries = (await connection.QueryAsync<EntryRow>(
            $"""
            SELECT id, entry_key AS EntryKey, invoice_id AS InvoiceId, description, effective_at AS EffectiveAt, recorded_at AS RecordedAt
            FROM ledger_entries {where}
            """,
            parameters,
            session.Transaction)).ToList();
        if (entries.Count == 0)
        {
            return [];
        }

        var postings = (await connection.QueryAsync<PostingRow>(
            LedgerRows.PostingsOfEntries(dialect),
            new { ids = entries.Select(e => e.Id).ToArray() },
            session.Transaction)).ToLookup(p => p.EntryId);
        return [.. entries.Select(e => new StoredLedgerEntry(e.Id, LedgerEntry.Create(
            e.EntryKey,
            e.Description,
            e.InvoiceId,
            StoredValues.Time(e.EffectiveAt),
            StoredValues.Time(e.RecordedAt),
            [.. postings[e.Id].Select(p => p.ToPosting())])))];
    }

    private sealed record EntryRow(long Id, string EntryKey, string? InvoiceId, string Description, string EffectiveAt, string RecordedAt);

    private sealed record PostingRow(long EntryId, string Account, string Side, string Currency, string AmountMinor)
    {
        public Posting ToPosting() => new(
            Account,
            Side == "debit" ? PostingSide.Debit : PostingSide.Credit,
            new Money(Domain.Amounts.Currency.Parse(Currency), StoredValues.Int128(AmountMinor)));
    }
}
