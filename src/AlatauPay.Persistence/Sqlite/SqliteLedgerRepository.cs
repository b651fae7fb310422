using AlatauPay.Domain.Ledger;
using AlatauPay.Domain.Ledger.Transparency;
using AlatauPay.Persistence.Sql;

namespace AlatauPay.Persistence.Sqlite;

internal sealed class SqliteLedgerRepository : SqlLedgerRepository
{
    private readonly SqliteSession session;
    private readonly SqliteTransparencyLog log;

    public SqliteLedgerRepository(SqliteSession session, SqliteTransparencyLog log)
        : base(session, SqlDialect.Sqlite) => (this.session, this.log) = (session, log);

    /// <summary>Posts the entry and makes it the next leaf of the transparency log, in the same transaction.</summary>
    public override async Task<long?> TryAppendAsync(LedgerEntry entry, CancellationToken cancellationToken)
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
        var transaction = await session.WriteTransactionAsync(cancellationToken);
        var connection = await session.ConnectionAsync(cancellationToken);
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
}
