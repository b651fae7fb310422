using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;
using AlatauPay.Domain.Ledger.Transparency;
using Dapper;

namespace AlatauPay.Persistence.Sqlite;

public sealed class SqliteLedgerRepository(SqliteSession session, SqliteTransparencyLog log) : ILedgerRepository
{
    /// <summary>Posts the entry and makes it the next leaf of the transparency log, in the same transaction.</summary>
    public async Task<long?> TryAppendAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        var posted = await InsertAsync(entry, withLeaf: true, cancellationToken);
        if (posted is { } row)
        {
            await log.AppendAsync(row.LeafIndex!.Value, CanonicalLedgerEntry.LeafHash(row.Id, entry), cancellationToken);
        }

        return posted?.Id;
    }

    /// <summary>The entry's rows alone; the benchmarks compare it with <see cref="TryAppendAsync"/> to price the log.</summary>
    internal async Task<long?> InsertEntryAsync(LedgerEntry entry, CancellationToken cancellationToken) =>
        (await InsertAsync(entry, withLeaf: false, cancellationToken))?.Id;

    /// <summary>
    /// Inserts the entry and its postings unless its key is taken. With <paramref name="withLeaf"/> the entry takes
    /// the log's next leaf number, read in the same statement under the write lock (migration 0008).
    /// </summary>
    private async Task<(long Id, long? LeafIndex)?> InsertAsync(LedgerEntry entry, bool withLeaf, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var transaction = await session.WriteTransactionAsync(cancellationToken);
        var insertEntry = SqlitePrepared.Command(connection, transaction, withLeaf ? InsertEntryWithLeafSql : InsertEntrySql);
        insertEntry.Parameters.AddWithValue("@key", entry.Key);
        insertEntry.Parameters.AddWithValue("@invoice", (object?)entry.InvoiceId ?? DBNull.Value);
        insertEntry.Parameters.AddWithValue("@description", entry.Description);
        insertEntry.Parameters.AddWithValue("@effectiveAt", StoredValues.Time(entry.EffectiveAt));
        insertEntry.Parameters.AddWithValue("@recordedAt", StoredValues.Time(entry.RecordedAt));
        long id;
        long? leafIndex;
        await using (var reader = await insertEntry.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            id = reader.GetInt64(0);
            leafIndex = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        }

        for (var line = 0; line < entry.Postings.Count; line++)
        {
            var posting = entry.Postings[line];
            var insertPosting = SqlitePrepared.Command(connection, transaction, InsertPostingSql);
            insertPosting.Parameters.AddWithValue("@id", id);
            insertPosting.Parameters.AddWithValue("@line", line);
            insertPosting.Parameters.AddWithValue("@account", posting.Account);
            insertPosting.Parameters.AddWithValue("@side", posting.Side == PostingSide.Debit ? "debit" : "credit");
            insertPosting.Parameters.AddWithValue("@currency", posting.Amount.Currency.Code);
            insertPosting.Parameters.AddWithValue("@amount", StoredValues.Integer(posting.Amount.MinorUnits));
            await insertPosting.ExecuteNonQueryAsync(cancellationToken);
        }

        return (id, leafIndex);
    }

    private const string InsertEntryColumns =
        """
        INSERT INTO ledger_entries (entry_key, invoice_id, description, effective_at, recorded_at, leaf_index)
        SELECT @key, @invoice, @description, @effectiveAt, @recordedAt,
        """;

    private const string InsertEntryConflict =
        """
         WHERE true
        ON CONFLICT (entry_key) DO NOTHING
        RETURNING id, leaf_index
        """;

    private const string InsertEntrySql = InsertEntryColumns + " NULL" + InsertEntryConflict;

    private const string InsertEntryWithLeafSql = InsertEntryColumns + " " + SqliteTransparencyLog.NextLeafSql + InsertEntryConflict;

    private const string InsertPostingSql =
        """
        INSERT INTO ledger_postings (entry_id, line, account, side, currency, amount_minor)
        VALUES (@id, @line, @account, @side, @currency, @amount)
        """;

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
            """
            SELECT entry_id AS EntryId, account, side, currency, amount_minor AS AmountMinor
            FROM ledger_postings WHERE entry_id IN @ids ORDER BY entry_id, line
            """,
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
