using System.Runtime.CompilerServices;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger;
using AlatauPay.Persistence.Sql;
using Dapper;

namespace AlatauPay.Persistence.Postgres;

internal sealed class PostgresLedgerReader : SqlLedgerReader
{
    private readonly PostgresSession session;
    private readonly PostgresDatabase database;

    public PostgresLedgerReader(PostgresSession session, PostgresDatabase database)
        : base(session, SqlDialect.Postgres) => (this.session, this.database) = (session, database);

    public override async IAsyncEnumerable<Posting> PostingsAsOfAsync(
        string? account, DateTimeOffset asOf, TimeBasis basis, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = await StreamConnectionAsync(cancellationToken);
        var rows = stream.Connection.QueryUnbufferedAsync<PostingRow>(
            $"""
            SELECT p.entry_id AS EntryId, p.account AS Account, p.side AS Side, p.currency AS Currency, p.amount_minor::text AS AmountMinor
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
        await using var stream = await StreamConnectionAsync(cancellationToken);
        var time = LedgerRows.TimeColumn(basis);
        var rows = stream.Connection.QueryUnbufferedAsync<ExportRow>(
            $"""
            SELECT e.id AS EntryId, e.recorded_at AS RecordedAt, e.effective_at AS EffectiveAt, p.account AS Account, p.side AS Side,
                   p.currency AS Currency, p.amount_minor::text AS AmountMinor, e.invoice_id AS InvoiceId, e.entry_key AS EntryKey,
                   m.rate_units::text AS RateUnits, m.rate_scale AS RateScale,
                   (SELECT string_agg(r.reference, ' ' ORDER BY r.reference) FROM ledger_chain_references r
                     WHERE r.entry_key = e.entry_key) AS ChainReference
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
        await using var stream = await StreamConnectionAsync(cancellationToken);
        var rows = stream.Connection.QueryUnbufferedAsync<EntryPostingRow>(
            $"""
            SELECT {LedgerRows.EntryColumns}, p.account AS Account, p.side AS Side, p.currency AS Currency, p.amount_minor::text AS AmountMinor
            FROM ledger_entries e JOIN ledger_postings p ON p.entry_id = e.id
            WHERE e.leaf_index < @treeSize
            ORDER BY e.leaf_index, p.line
            """,
            new { treeSize },
            session.Transaction);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>
    /// A stream holds its connection until the caller stops reading, and a PostgreSQL connection runs one
    /// command at a time; outside a transaction a stream reads on a connection of its own.
    /// </summary>
    private async Task<StreamConnection> StreamConnectionAsync(CancellationToken cancellationToken) =>
        session.Transaction is not null
            ? new StreamConnection(await session.ConnectionAsync(cancellationToken), Owned: false)
            : new StreamConnection(await database.OpenAsync(cancellationToken), Owned: true);

    private sealed record StreamConnection(Npgsql.NpgsqlConnection Connection, bool Owned) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Owned ? Connection.DisposeAsync() : ValueTask.CompletedTask;
    }
}
