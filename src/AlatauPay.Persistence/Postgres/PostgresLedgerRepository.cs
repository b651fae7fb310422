using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;
using AlatauPay.Domain.Ledger.Transparency;
using Dapper;

namespace AlatauPay.Persistence.Postgres;

public sealed class PostgresLedgerRepository(PostgresSession session, PostgresTransparencyLog log) : ILedgerRepository
{
    /// <summary>Posts the entry and makes it the next leaf of the transparency log, in the same transaction.</summary>
    public async Task<long?> TryAppendAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        var id = await InsertEntryAsync(entry, cancellationToken);
        if (id is not null)
        {
            await log.AppendAsync(id.Value, CanonicalLedgerEntry.LeafHash(id.Value, entry), cancellationToken);
        }

        return id;
    }

    private async Task<long?> InsertEntryAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);

        // Entries are read in id order and become leaves in that order: they must commit in id order.
        var transaction = await session.OrderedWriteTransactionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long?>(
            """
            INSERT INTO ledger_entries (entry_key, invoice_id, description, effective_at, recorded_at)
            VALUES (@key, @invoice, @description, @effectiveAt, @recordedAt)
            ON CONFLICT (entry_key) DO NOTHING
            RETURNING id
            """,
            new
            {
                key = entry.Key,
                invoice = entry.InvoiceId,
                description = entry.Description,
                effectiveAt = StoredValues.Time(entry.EffectiveAt),
                recordedAt = StoredValues.Time(entry.RecordedAt),
            },
            transaction);
        if (id is null)
        {
            return null;
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO ledger_postings (entry_id, line, account, side, currency, amount_minor)
            VALUES (@id, @line, @account, @side, @currency, CAST(@amount AS numeric))
            """,
            entry.Postings.Select((p, line) => new
            {
                id,
                line,
                account = p.Account,
                side = p.Side == PostingSide.Debit ? "debit" : "credit",
                currency = p.Amount.Currency.Code,
                amount = StoredValues.Integer(p.Amount.MinorUnits),
            }),
            transaction);
        return id;
    }

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
            SELECT entry_id AS EntryId, account, side, currency, amount_minor::text AS AmountMinor
            FROM ledger_postings WHERE entry_id = ANY(@ids) ORDER BY entry_id, line
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
