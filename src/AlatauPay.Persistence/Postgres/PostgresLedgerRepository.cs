using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger;
using AlatauPay.Domain.Ledger.Transparency;
using AlatauPay.Persistence.Sql;
using Dapper;

namespace AlatauPay.Persistence.Postgres;

// Names the port again, so that its own TryAppendManyAsync serves it rather than the port's one-at-a-time default.
internal sealed class PostgresLedgerRepository : SqlLedgerRepository, ILedgerRepository
{
    private readonly PostgresSession session;
    private readonly PostgresTransparencyLog log;

    public PostgresLedgerRepository(PostgresSession session, PostgresTransparencyLog log)
        : base(session, SqlDialect.Postgres) => (this.session, this.log) = (session, log);

    /// <summary>Posts the entry and makes it the next leaf of the transparency log, in the same transaction.</summary>
    public override async Task<long?> TryAppendAsync(LedgerEntry entry, CancellationToken cancellationToken) =>
        (await TryAppendManyAsync([entry], cancellationToken))[0];

    /// <summary>
    /// The entries, their postings and their leaves in a fixed number of statements whatever their count: each
    /// table gets one multi-row insert, and the log computes the new subtrees in memory from the edge it reads once.
    /// Every append holds the ordered-streams lock, so the keys found absent stay absent until commit.
    /// </summary>
    public async Task<IReadOnlyList<long?>> TryAppendManyAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return [];
        }

        var connection = await session.ConnectionAsync(cancellationToken);
        var transaction = await session.OrderedWriteTransactionAsync(cancellationToken);
        var taken = (await connection.QueryAsync<string>(
            "SELECT entry_key FROM ledger_entries WHERE entry_key = ANY(@keys)", new { keys = entries.Select(e => e.Key).ToArray() }, transaction))
            .ToHashSet(StringComparer.Ordinal);
        // A key posted already, or twice in the batch, is posted once: by its first appearance, or not at all.
        var fresh = entries.Where(e => taken.Add(e.Key)).ToList();
        if (fresh.Count == 0)
        {
            return [.. entries.Select(_ => (long?)null)];
        }

        var firstLeaf = await log.ReserveLeavesAsync(fresh.Count, cancellationToken);
        // ORDER BY the entries' position gives ids in leaf order.
        var ids = (await connection.QueryAsync<(long Id, string Key)>(
            """
            INSERT INTO ledger_entries (entry_key, invoice_id, description, effective_at, recorded_at, leaf_index)
            SELECT k, i, d, e, r, @firstLeaf + n - 1 FROM unnest(@keys, @invoices, @descriptions, @effective, @recorded) WITH ORDINALITY AS t (k, i, d, e, r, n)
            ORDER BY n
            RETURNING id, entry_key
            """,
            new
            {
                firstLeaf,
                keys = fresh.Select(e => e.Key).ToArray(),
                invoices = fresh.Select(e => e.InvoiceId).ToArray(),
                descriptions = fresh.Select(e => e.Description).ToArray(),
                effective = fresh.Select(e => StoredValues.Time(e.EffectiveAt)).ToArray(),
                recorded = fresh.Select(e => StoredValues.Time(e.RecordedAt)).ToArray(),
            },
            transaction)).ToDictionary(r => r.Key, r => r.Id, StringComparer.Ordinal);
        var posted = fresh.Select(e => (Entry: e, Id: ids[e.Key])).ToList();

        var postings = posted.SelectMany(p => p.Entry.Postings.Select((posting, line) => (p.Id, Line: (long)line, Posting: posting))).ToList();
        await connection.ExecuteAsync(
            """
            INSERT INTO ledger_postings (entry_id, line, account, side, currency, amount_minor)
            SELECT i, l, a, s, c, CAST(m AS numeric) FROM unnest(@ids, @lines, @accounts, @sides, @currencies, @amounts) AS t (i, l, a, s, c, m)
            """,
            new
            {
                ids = postings.Select(p => p.Id).ToArray(),
                lines = postings.Select(p => p.Line).ToArray(),
                accounts = postings.Select(p => p.Posting.Account).ToArray(),
                sides = postings.Select(p => p.Posting.Side == PostingSide.Debit ? "debit" : "credit").ToArray(),
                currencies = postings.Select(p => p.Posting.Amount.Currency.Code).ToArray(),
                amounts = postings.Select(p => StoredValues.Integer(p.Posting.Amount.MinorUnits)).ToArray(),
            },
            transaction);
        await log.AddLeavesAsync(firstLeaf, [.. posted.Select(p => CanonicalLedgerEntry.LeafHash(p.Id, p.Entry))], cancellationToken);

        var remaining = new Dictionary<string, long>(ids, StringComparer.Ordinal);
        return [.. entries.Select(e => remaining.Remove(e.Key, out var id) ? id : (long?)null)];
    }
}
