using AlatauPay.Domain.Amounts;

namespace AlatauPay.Domain.Ledger;

public enum PostingSide
{
    Debit,
    Credit,
}

/// <summary>One line of a ledger entry: an account debited or credited with a positive amount.</summary>
public sealed record Posting(string Account, PostingSide Side, Money Amount)
{
    public static Posting Debit(string account, Money amount) => new(account, PostingSide.Debit, amount);

    public static Posting Credit(string account, Money amount) => new(account, PostingSide.Credit, amount);
}
