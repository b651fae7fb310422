using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger;
using Dapper;

namespace AlatauPay.Persistence.Sql;

/// <summary>
/// The auditor's reads of the ledger on either engine. The streams (<see cref="PostingsAsOfAsync"/>,
/// <see cref="ExportAsync"/>, <see cref="InLeafOrderAsync"/>) are each store's own: they differ in the
/// connection they hold while the caller reads, in how they aggregate and in the order of the leaves.
/// </summary>
internal abstract class SqlLedgerReader(IStoreSession session, SqlDialect dialect) : ILedgerReader
{
    public async Task<LedgerRecord?> FindAsync(long entryId, CancellationToken cancellationToken)
    {
        var found = await LoadAsync("WHERE e.id = @entryId", new { entryId }, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<LedgerRecord>> ListAsync(LedgerEntryFilter filter, int limit, long? startingAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var time = LedgerRows.TimeColumn(filter.Basis);
        return LoadAsync(
            $"""
            WHERE (@after IS NULL OR e.id > @after)
              AND (@account IS NULL OR e.id IN (SELECT entry_id FROM ledger_postings WHERE account = @account))
              AND (@invoice IS NULL OR e.invoice_id = @invoice)
              AND (@from IS NULL OR {time} >= @from)
              AND (@to IS NULL OR {time} < @to)
            ORDER BY e.id LIMIT @limit
            """,
            new { after = startingAfter, account = filter.Account, invoice = filter.InvoiceId, from = TimeOrNull(filter.From), to = TimeOrNull(filter.To), limit },
            cancellationToken);
    }

    public async Task<IReadOnlyList<LedgerAccountRow>> ListAccountsAsync(int limit, string? startingAfter, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AccountRow>(
            $"""
            SELECT account, {dialect.DistinctList("currency")} AS Currencies, count(*) AS Postings FROM ledger_postings
            WHERE @after IS NULL OR account > @after GROUP BY account ORDER BY account LIMIT @limit
            """,
            new { after = startingAfter, limit },
            session.Transaction);
        return [.. rows.Select(r => new LedgerAccountRow(r.Account, [.. r.Currencies.Split(',').Order(StringComparer.Ordinal)], r.Postings))];
    }

    public async Task<bool> AccountExistsAsync(string account, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM ledger_postings WHERE account = @account)", new { account }, session.Transaction);
    }

    public abstract IAsyncEnumerable<Posting> PostingsAsOfAsync(string? account, DateTimeOffset asOf, TimeBasis basis, CancellationToken cancellationToken);

    public abstract IAsyncEnumerable<ExportPosting> ExportAsync(DateTimeOffset? from, DateTimeOffset? to, TimeBasis basis, CancellationToken cancellationToken);

    public abstract IAsyncEnumerable<LedgerRecord> InLeafOrderAsync(long treeSize, CancellationToken cancellationToken);

    protected static string? TimeOrNull(DateTimeOffset? time) => time is null ? null : StoredValues.Time(time.Value);

    private async Task<IReadOnlyList<LedgerRecord>> LoadAsync(string where, object parameters, CancellationToken cancellationToken) =>
        await LedgerRows.LoadAsync(await session.ConnectionAsync(cancellationToken), session.Transaction, dialect, where, parameters);

    private sealed class AccountRow
    {
        public string Account { get; set; } = "";

        public string Currencies { get; set; } = "";

        public long Postings { get; set; }
    }
}
