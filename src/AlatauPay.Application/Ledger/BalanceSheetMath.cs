using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;

namespace AlatauPay.Application.Ledger;

/// <summary>
/// Sums postings exactly, in code: amounts are integer text in storage (decision 0001), so the database
/// cannot add them without losing wei. Memory grows with the number of accounts, not of postings.
/// </summary>
public sealed class BalanceSheetMath
{
    private readonly SortedDictionary<(string Account, string Currency), (Money Debits, Money Credits)> lines = [];

    public async Task AddAllAsync(IAsyncEnumerable<Posting> postings, CancellationToken cancellationToken)
    {
        await foreach (var posting in postings.WithCancellation(cancellationToken))
        {
            var key = (posting.Account, posting.Amount.Currency.Code);
            var zero = Money.Zero(posting.Amount.Currency);
            var (debits, credits) = lines.GetValueOrDefault(key, (zero, zero));
            lines[key] = posting.Side == PostingSide.Debit ? (debits + posting.Amount, credits) : (debits, credits + posting.Amount);
        }
    }

    public IEnumerable<(string Account, string Currency, Money Debits, Money Credits)> Lines =>
        lines.Select(l => (l.Key.Account, l.Key.Currency, l.Value.Debits, l.Value.Credits));

    public static string Text(Money money) => money.ToDecimalString();
}
