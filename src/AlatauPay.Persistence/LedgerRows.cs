using System.Data.Common;
using System.Runtime.CompilerServices;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;
using Dapper;

namespace AlatauPay.Persistence;

/// <summary>Ledger rows of either store as the auditor's reads see them: exactly as stored, with no posting rule re-run.</summary>
internal static class LedgerRows
{
    public const string EntryColumns =
        """
        e.id AS Id, e.leaf_index AS LeafIndex, e.entry_key AS EntryKey, e.invoice_id AS InvoiceId, e.description AS Description,
        e.effective_at AS EffectiveAt, e.recorded_at AS RecordedAt
        """;

    /// <summary>The postings of the entries whose ids are bound to <c>@ids</c>, in entry then line order.</summary>
    public static string PostingsOfEntries(Sql.SqlDialect dialect) =>
        $"""
        SELECT entry_id AS EntryId, account AS Account, side AS Side, currency AS Currency, {dialect.Text("amount_minor")} AS AmountMinor
        FROM ledger_postings WHERE {dialect.In("entry_id", "@ids")} ORDER BY entry_id, line
        """;

    /// <summary>The entries of <c>ledger_entries e</c> that <paramref name="where"/> selects, each with its postings, in two queries.</summary>
    public static async Task<IReadOnlyList<LedgerRecord>> LoadAsync(
        DbConnection connection, DbTransaction? transaction, Sql.SqlDialect dialect, string where, object parameters)
    {
        var entries = (await connection.QueryAsync<EntryRow>($"SELECT {EntryColumns} FROM ledger_entries e {where}", parameters, transaction)).ToList();
        if (entries.Count == 0)
        {
            return [];
        }

        var postings = (await connection.QueryAsync<PostingRow>(
            PostingsOfEntries(dialect),
            new { ids = entries.Select(e => e.Id).ToArray() },
            transaction)).ToLookup(p => p.EntryId);
        return [.. entries.Select(e => e.ToRecord([.. postings[e.Id].Select(p => ToPosting(p.Account, p.Side, p.Currency, p.AmountMinor))]))];
    }

    public static string TimeColumn(TimeBasis basis) => basis == TimeBasis.Recorded ? "e.recorded_at" : "e.effective_at";

    public static Posting ToPosting(string account, string side, string currency, string amountMinor) => new(
        account,
        side == "debit" ? PostingSide.Debit : PostingSide.Credit,
        new Money(Currency.Parse(currency), StoredValues.Int128(amountMinor)));

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

/// <summary>Rows are classes with setters, not positional records: SQLite reports no type for computed columns of an empty result.</summary>
internal class EntryRow
{
    public long Id { get; set; }

    public long LeafIndex { get; set; }

    public string EntryKey { get; set; } = "";

    public string? InvoiceId { get; set; }

    public string Description { get; set; } = "";

    public string EffectiveAt { get; set; } = "";

    public string RecordedAt { get; set; } = "";

    public LedgerRecord ToRecord(IReadOnlyList<Posting> postings) =>
        new(Id, LeafIndex, EntryKey, InvoiceId, Description, StoredValues.Time(EffectiveAt), StoredValues.Time(RecordedAt), postings);
}

/// <summary>An entry's columns joined with one of its postings.</summary>
internal sealed class EntryPostingRow : EntryRow
{
    public string Account { get; set; } = "";

    public string Side { get; set; } = "";

    public string Currency { get; set; } = "";

    public string AmountMinor { get; set; } = "";
}

internal sealed class PostingRow
{
    public long EntryId { get; set; }

    public string Account { get; set; } = "";

    public string Side { get; set; } = "";

    public string Currency { get; set; } = "";

    public string AmountMinor { get; set; } = "";
}

internal sealed class ExportRow
{
    public long EntryId { get; set; }

    public string RecordedAt { get; set; } = "";

    public string EffectiveAt { get; set; } = "";

    public string Account { get; set; } = "";

    public string Side { get; set; } = "";

    public string Currency { get; set; } = "";

    public string AmountMinor { get; set; } = "";

    public string? InvoiceId { get; set; }

    public string EntryKey { get; set; } = "";

    public string? ChainReference { get; set; }

    public string? RateUnits { get; set; }

    public long? RateScale { get; set; }

    public ExportPosting ToExportPosting()
    {
        var posting = LedgerRows.ToPosting(Account, Side, Currency, AmountMinor);
        var rate = RateUnits is null || RateScale is null
            ? null
            : new ExchangeRate(posting.Amount.Currency, Domain.Amounts.Currency.KZT, StoredValues.BigInteger(RateUnits), (int)RateScale.Value);
        return new ExportPosting(EntryId, StoredValues.Time(RecordedAt), StoredValues.Time(EffectiveAt), posting, InvoiceId, EntryKey, rate, ChainReference);
    }
}
