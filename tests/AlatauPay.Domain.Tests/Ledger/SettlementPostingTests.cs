using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using AlatauPay.Domain.Ledger;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AlatauPay.Domain.Tests.Ledger;

public class SettlementPostingTests
{
    private static readonly DateTimeOffset EffectiveAt = TestInvoices.CreatedAt.AddMinutes(7);

    private static readonly DateTimeOffset RecordedAt = EffectiveAt.AddSeconds(2);

    /// <summary>An invoice for a random amount at a random rate, and an excess of zero (exact payment) or more.</summary>
    private static Gen<(Invoice Invoice, Int128 Excess)> AnySettlement =>
        from currency in DomainGen.Crypto
        from rate in DomainGen.PositiveRate(currency)
        from tiyn in DomainGen.PositiveMinorUnits
        from excess in Gen.Frequency((1, Gen.Constant(Int128.Zero)), (1, DomainGen.PositiveMinorUnits))
        select (TestInvoices.New(new Money(Currency.KZT, tiyn), rate), excess);

    [Property]
    public Property BalancesEveryCurrencyAndBooksExactlyWhatWasPaidAndBilled() =>
        Prop.ForAll(Arb.From(AnySettlement), settlement =>
        {
            var (invoice, excess) = settlement;
            var method = Assert.Single(invoice.PaymentMethods);
            var paid = method.Due + new Money(method.Method, excess);

            var entry = SettlementPosting.For(invoice, method.Method, paid, EffectiveAt, RecordedAt);

            Assert.All(LedgerEntry.Imbalances(entry.Postings).Values, imbalance => Assert.True(imbalance.IsZero));
            Assert.Equal($"settle:{invoice.Id.Value}", entry.Key);
            Assert.Equal(invoice.Id.Value, entry.InvoiceId);
            Assert.Equal(Posting.Debit($"assets:crypto:{method.Method.Code}:water", paid), SingleUnder(entry, "assets:"));
            Assert.Equal(Posting.Credit("revenue:water:cold-water", invoice.Amount), SingleUnder(entry, "revenue:"));
            AssertPayerCredit(entry, method.Method, excess);
        });

    [Fact]
    public void PostsTheDesignExampleExactly()
    {
        var invoice = TestInvoices.New();
        var paid = Money.Parse("0.00025991", Currency.BTC);

        var entry = SettlementPosting.For(invoice, Currency.BTC, paid, EffectiveAt, RecordedAt);

        Assert.Equal(
            [
                Posting.Debit("assets:crypto:BTC:water", paid),
                Posting.Credit("trading:BTC", paid),
                Posting.Debit("trading:KZT", TestInvoices.Kzt("12345.67")),
                Posting.Credit("revenue:water:cold-water", TestInvoices.Kzt("12345.67")),
            ],
            entry.Postings);
        Assert.Equal((EffectiveAt, RecordedAt), (entry.EffectiveAt, entry.RecordedAt));
    }

    [Fact]
    public void OwesTheExcessBackToThePayer()
    {
        var invoice = TestInvoices.New();
        var paid = Money.Parse("0.00030000", Currency.BTC);

        var entry = SettlementPosting.For(invoice, Currency.BTC, paid, EffectiveAt, RecordedAt);

        Assert.Contains(Posting.Credit("trading:BTC", Money.Parse("0.00025991", Currency.BTC)), entry.Postings);
        Assert.Contains(Posting.Credit("liabilities:payer-credit:BTC:water:LS-0042.17", Money.Parse("0.00004009", Currency.BTC)), entry.Postings);
    }

    [Fact]
    public void RefusesAMethodTheInvoiceDoesNotOffer() =>
        Assert.Equal(
            "payment-method-not-offered",
            Assert.Throws<DomainException>(() => SettlementPosting.For(TestInvoices.New(), Currency.ETH, Money.Parse("1", Currency.ETH), EffectiveAt, RecordedAt)).Code);

    private static Posting SingleUnder(LedgerEntry entry, string prefix) =>
        Assert.Single(entry.Postings, p => p.Account.StartsWith(prefix, StringComparison.Ordinal));

    private static void AssertPayerCredit(LedgerEntry entry, Currency method, Int128 excess)
    {
        var credits = entry.Postings.Where(p => p.Account.StartsWith("liabilities:", StringComparison.Ordinal)).ToList();
        if (excess == Int128.Zero)
        {
            Assert.Empty(credits);
            return;
        }

        var expected = Posting.Credit($"liabilities:payer-credit:{method.Code}:water:{TestInvoices.Payer.Account}", new Money(method, excess));
        Assert.Equal(expected, Assert.Single(credits));
    }
}
