using System.Runtime.CompilerServices;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger;
using AlatauPay.Persistence.Sql;
using Dapper;

namespace AlatauPay.Persistence.Sqlite;

internal sealed class SqliteLedgerReader : SqlLedgerReader
{
    private readonly SqliteSession session;

    public SqliteLedgerReader(SqliteSession session)
        : base(session, SqlDialect.Sqlite) => this.session = session;

    public override async IAsyncEnumerable<Posting> PostingsAsOfAsync(
        string? account, DateTimeOffset asOf, TimeBasis basis, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<PostingRow>(
            $"""
            SELECT p.entry_id AS EntryId, p.account AS Account, p.side AS Side, p.currency AS Currency, p.amount_minor AS AmountMinor
            FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
            WHERE (@account IS NULL OR p.account = @account) AND {LedgerRows.TimeColumn(basis)} <= @asOf
            """,
            new { account, asOf = StoredValues.Time(asOf) },
            session.Transaction);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return LedgerRows.ToPosting(row.Account, row.Side, row.Currency, row.AmountMinor);
        }
    }

    public override async IAsyncEnumerable<ExportPosting> ExportAsync(
        DateTimeOffset? from, DateTimeOffset? to, TimeBasis basis, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var time = LedgerRows.TimeColumn(basis);
        var rows = connection.QueryUnbufferedAsync<ExportRow>(
            $"""
            SELECT e.id AS EntryId, e.recorded_at AS RecordedAt, e.effective_at AS EffectiveAt, p.account AS Account, p.side AS Side,
                   p.currency AS Currency, p.amount_minor AS AmountMinor, e.invoice_id AS InvoiceId, e.entry_key AS EntryKey,
                   m.rate_units AS RateUnits, m.rate_scale AS RateScale,
                   (SELECT group_concat(r.reference, ' ') FROM (SELECT reference FROM ledger_chain_references
                     WHERE entry_key = e.entry_key ORDER BY reference) r) AS ChainReference
            FROM ledger_entries e
            JOIN ledger_postings p ON p.entry_id = e.id
            LEFT JOIN invoice_payment_methods m ON m.invoice_id = e.invoice_id AND m.method = p.currency
            WHERE (@from IS NULL OR {time} >= @from) AND (@to IS NULL OR {time} < @to)
            ORDER BY e.id, p.line
            """,
            new { from = TimeOrNull(from), to = TimeOrNull(to) },
            session.Transaction);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row.ToExportPosting();
        }
    }

    public override IAsyncEnumerable<LedgerRecord> InLeafOrderAsync(long treeSize, CancellationToken cancellationToken) =>
        LedgerRows.Group(LeafRowsAsync(treeSize, cancellationToken), cancellationToken);

    private async IAsyncEnumerable<EntryPostingRow> LeafRowsAsync(long treeSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<EntryPostingRow>(
            $"""
            SELECT {LedgerRows.EntryColumns}, p.account AS Account, p.side AS Side, p.currency AS Currency, p.amount_minor AS AmountMinor
            FROM ledger_entries e JOIN ledger_postings p ON p.entry_id = e.id
            WHERE e.leaf_index < @treeSize
            ORDER BY e.id, p.line
            """,
            new { treeSize },
            session.Transaction);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }
}
