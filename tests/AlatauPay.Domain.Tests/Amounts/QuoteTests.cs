using AlatauPay.Domain.Amounts;

namespace AlatauPay.Domain.Tests.Amounts;

public class QuoteTests
{
    private static readonly DateTimeOffset QuotedAt = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void StoresSourceTimeRateAndTheRoundedUpDue()
    {
        var rate = ExchangeRate.Parse(Currency.LTC, Currency.KZT, "41250.5");
        var amount = Money.Parse("12345.67", Currency.KZT);

        var quote = Quote.Lock(rate, "kraken", QuotedAt, amount);

        Assert.Equal("kraken", quote.Source);
        Assert.Equal(QuotedAt, quote.QuotedAt);
        Assert.Same(rate, quote.Rate);
        Assert.Equal(rate.ConvertToBaseRoundingUp(amount), quote.Due);
    }

    [Fact]
    public void PaysInTheRateBaseCurrency()
    {
        var quote = Quote.Lock(ExchangeRate.Parse(Currency.USDC, Currency.KZT, "505.1"), "binance", QuotedAt, Money.Parse("100", Currency.KZT));

        Assert.Equal(Currency.USDC, quote.Method);
        Assert.Equal(Currency.USDC, quote.Due.Currency);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void RefusesAQuoteWithoutSource(string source) =>
        Assert.ThrowsAny<ArgumentException>(() => Quote.Lock(TestInvoices.BtcRate, source, QuotedAt, Money.Parse("1", Currency.KZT)));
}
