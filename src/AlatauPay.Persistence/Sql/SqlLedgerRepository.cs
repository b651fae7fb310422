using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger;

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
        var records = await LedgerRows.LoadAsync(await session.ConnectionAsync(cancellationToken), session.Transaction, dialect, where, parameters);
        return [.. records.Select(r => new StoredLedgerEntry(r.Id, LedgerEntry.Create(r.Key, r.Description, r.InvoiceId, r.EffectiveAt, r.RecordedAt, r.Postings)))];
    }
}
