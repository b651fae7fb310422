using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AlatauPay.Domain.Tests.Ledger;

public class LedgerEntryTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private static readonly string[] Accounts =
    [
        "assets:crypto:BTC:water",
        "assets:crypto:ETH:transport",
        "trading:BTC",
        "trading:KZT",
        "revenue:water:cold-water",
        "liabilities:payer-credit:USDT:water:LS-0042.17",
    ];

    private static Gen<Posting[]> BalancedPostings =>
        from pairs in DebitCreditPair.NonEmptyListOf()
        from shuffled in Gen.Shuffle(pairs.SelectMany(pair => pair))
        select shuffled;

    private static Gen<Posting[]> DebitCreditPair =>
        from currency in DomainGen.AnyCurrency
        from units in DomainGen.PositiveMinorUnits
        from debit in Gen.Elements(Accounts)
        from credit in Gen.Elements(Accounts)
        select new[] { Posting.Debit(debit, new Money(currency, units)), Posting.Credit(credit, new Money(currency, units)) };

    /// <summary>Balanced postings with one amount moved by one smallest unit, up or down, never to zero.</summary>
    private static Gen<Posting[]> PerturbedPostings =>
        from postings in BalancedPostings
        from index in Gen.Choose(0, postings.Length - 1)
        from up in Gen.Elements(true, false)
        select Perturb(postings, index, up || postings[index].Amount.MinorUnits == 1);

    [Property]
    public Property AcceptsPostingsBalancedPerCurrency() =>
        Prop.ForAll(Arb.From(BalancedPostings), postings =>
        {
            var entry = Create(postings);

            Assert.Equal(postings, entry.Postings);
            Assert.All(LedgerEntry.Imbalances(entry.Postings).Values, imbalance => Assert.True(imbalance.IsZero));
        });

    [Property]
    public Property RefusesPostingsOffByOneSmallestUnit() =>
        Prop.ForAll(Arb.From(PerturbedPostings), postings =>
            Assert.Equal("entry-unbalanced", Assert.Throws<DomainException>(() => Create(postings)).Code));

    [Fact]
    public void RefusesToBalanceOneCurrencyAgainstAnother()
    {
        Posting[] postings =
        [
            Posting.Debit("assets:crypto:USDT:water", Money.Parse("5", Currency.USDT)),
            Posting.Credit("trading:USDC", Money.Parse("5", Currency.USDC)),
        ];

        Assert.Equal("entry-unbalanced", Assert.Throws<DomainException>(() => Create(postings)).Code);
    }

    [Fact]
    public void RefusesFewerThanTwoPostings()
    {
        AssertRefused([], "entry-too-short");
        AssertRefused([Posting.Debit("trading:KZT", TestInvoices.Kzt("1"))], "entry-too-short");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void RefusesAmountsThatAreNotPositive(string amount) =>
        AssertRefused(
            [Posting.Debit("trading:KZT", TestInvoices.Kzt(amount)), Posting.Credit("revenue:water:cold-water", TestInvoices.Kzt(amount))],
            "posting-invalid");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("trading")]
    [InlineData("Trading:KZT")]
    [InlineData("trading:")]
    [InlineData("trading::KZT")]
    [InlineData(":trading:KZT")]
    [InlineData("trading:K ZT")]
    [InlineData("trading:KZT/1")]
    [InlineData("revenue:вода:cold-water")]
    public void RefusesInvalidAccountNames(string? account) =>
        AssertRefused(
            [Posting.Debit(account!, TestInvoices.Kzt("1")), Posting.Credit("revenue:water:cold-water", TestInvoices.Kzt("1"))],
            "posting-invalid");

    [Fact]
    public void RefusesAnAccountNameLongerThanTwoHundredCharacters() =>
        AssertRefused(
            [Posting.Debit("trading:" + new string('a', 193), TestInvoices.Kzt("1")), Posting.Credit("trading:KZT", TestInvoices.Kzt("1"))],
            "posting-invalid");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void RefusesAnEmptyKey(string key) =>
        Assert.Equal("entry-key-invalid", Assert.Throws<DomainException>(() => Create(SmallBalanced(), key)).Code);

    [Fact]
    public void AcceptsKeysUpToTwoHundredCharacters()
    {
        Assert.Equal(200, Create(SmallBalanced(), new string('k', 200)).Key.Length);
        Assert.Equal("entry-key-invalid", Assert.Throws<DomainException>(() => Create(SmallBalanced(), new string('k', 201))).Code);
    }

    [Fact]
    public void KeepsKeyInvoiceAndBothTimes()
    {
        var recordedAt = At.AddSeconds(3);

        var entry = LedgerEntry.Create("settle:inv_x", "settle", "inv_x", At, recordedAt, SmallBalanced());

        Assert.Equal(("settle:inv_x", "inv_x", At, recordedAt), (entry.Key, entry.InvoiceId, entry.EffectiveAt, entry.RecordedAt));
    }

    private static Posting[] SmallBalanced() =>
        [Posting.Debit("trading:KZT", TestInvoices.Kzt("1")), Posting.Credit("revenue:water:cold-water", TestInvoices.Kzt("1"))];

    private static Posting[] Perturb(Posting[] postings, int index, bool up)
    {
        var copy = postings.ToArray();
        var one = new Money(copy[index].Amount.Currency, 1);
        copy[index] = copy[index] with { Amount = up ? copy[index].Amount + one : copy[index].Amount - one };
        return copy;
    }

    private static LedgerEntry Create(IReadOnlyList<Posting> postings, string key = "test:entry") =>
        LedgerEntry.Create(key, "test entry", null, At, At, postings);

    private static void AssertRefused(Posting[] postings, string code) =>
        Assert.Equal(code, Assert.Throws<DomainException>(() => Create(postings)).Code);
}
