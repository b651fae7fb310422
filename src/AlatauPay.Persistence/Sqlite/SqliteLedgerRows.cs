using System.Runtime.CompilerServices;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;

namespace AlatauPay.Persistence.Sqlite;

/// <summary>Ledger rows as the auditor's reads see them: exactly as stored, with no posting rule re-run.</summary>
internal static class SqliteLedgerRows
{
    public const string EntryColumns =
        """
        e.id AS Id, l.leaf_index AS LeafIndex, e.entry_key AS EntryKey, e.invoice_id AS InvoiceId, e.description AS Description,
        e.effective_at AS EffectiveAt, e.recorded_at AS RecordedAt
        """;

    public static string TimeColumn(TimeBasis basis) => basis == TimeBasis.Recorded ? "e.recorded_at" : "e.effective_at";

    public static Posting ToPosting(string account, string side, string currency, string amountMinor) => new(
        account,
        side == "debit" ? PostingSide.Debit : PostingSide.Credit,
        new Money(Currency.Parse(currency), SqliteValues.Int128(amountMinor)));

    /// <summary>Folds rows ordered by entry then line into whole entries, one entry in memory at a time.</summary>
    public static async IAsyncEnumerable<LedgerRecord> Group(IAsyncEnumerable<EntryPostingRow> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        EntryPostingRow? current = null;
        var postings = new List<Posting>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (current is not null && row.Id != current.Id)
            {
                yield return current.ToRecord(postings);
                postings = [];
            }

            current = row;
            postings.Add(ToPosting(row.Account, row.Side, row.Currency, row.AmountMinor));
        }

        if (current is not null)
        {
            yield return current.ToRecord(postings);
        }
    }
}

internal sealed record EntryRow(long Id, long LeafIndex, string EntryKey, string? InvoiceId, string Description, string EffectiveAt, string RecordedAt)
{
    public LedgerRecord ToRecord(IReadOnlyList<Posting> postings) =>
        new(Id, LeafIndex, EntryKey, InvoiceId, Description, SqliteValues.Time(EffectiveAt), SqliteValues.Time(RecordedAt), postings);
}

internal sealed record EntryPostingRow(
    long Id, long LeafIndex, string EntryKey, string? InvoiceId, string Description, string EffectiveAt, string RecordedAt,
    string Account, string Side, string Currency, string AmountMinor)
{
    public LedgerRecord ToRecord(IReadOnlyList<Posting> postings) =>
        new(Id, LeafIndex, EntryKey, InvoiceId, Description, SqliteValues.Time(EffectiveAt), SqliteValues.Time(RecordedAt), postings);
}

internal sealed record PostingRow(long EntryId, string Account, string Side, string Currency, string AmountMinor);

internal sealed record ExportRow(
    long EntryId, string RecordedAt, string EffectiveAt, string Account, string Side, string Currency, string AmountMinor,
    string? InvoiceId, string EntryKey, string? RateUnits, long? RateScale);
