using System.Numerics;
using AlatauPay.Domain.Amounts;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AlatauPay.Domain.Tests.Amounts;

public class ExchangeRateTests
{
    private static Gen<(Money Amount, ExchangeRate Rate)> AnyConversion =>
        from currency in DomainGen.Crypto
        from rate in DomainGen.PositiveRate(currency)
        from tiyn in DomainGen.PositiveMinorUnits
        select (new Money(Currency.KZT, tiyn), rate);

    [Property]
    public Property RoundsDueUpToTheSmallestUnit() =>
        Prop.ForAll(Arb.From(AnyConversion), conversion =>
        {
            var (amount, rate) = conversion;

            var due = rate.ConvertToBaseRoundingUp(amount);

            Assert.Equal(rate.Base, due.Currency);
            Assert.True(WorthInKzt(due.MinorUnits, rate) >= KztTimesCommonScale(amount, rate), "due must cover the amount");
            Assert.True(WorthInKzt(due.MinorUnits - 1, rate) < KztTimesCommonScale(amount, rate), "one unit less must not");
        });

    [Fact]
    public void PricesTheDesignExampleInSatoshis()
    {
        var rate = ExchangeRate.Parse(Currency.BTC, Currency.KZT, "47500000");

        var due = rate.ConvertToBaseRoundingUp(Money.Parse("12345.67", Currency.KZT));

        Assert.Equal(Money.Parse("0.00025991", Currency.BTC), due);
    }

    [Fact]
    public void KeepsAnExactConversionUnrounded()
    {
        var rate = ExchangeRate.Parse(Currency.USDT, Currency.KZT, "500.25");

        Assert.Equal(Money.Parse("2", Currency.USDT), rate.ConvertToBaseRoundingUp(Money.Parse("1000.5", Currency.KZT)));
    }

    [Fact]
    public void RefusesToConvertAnotherCurrency()
    {
        var error = Assert.Throws<DomainException>(() => TestInvoices.BtcRate.ConvertToBaseRoundingUp(Money.Parse("1", Currency.LTC)));

        Assert.Equal("currency-mismatch", error.Code);
    }

    [Theory]
    [InlineData("0", "rate-not-positive")]
    [InlineData("-1", "rate-not-positive")]
    [InlineData("1.0000000000001", "rate-too-precise")]
    [InlineData("1e6", "rate-malformed")]
    [InlineData("", "rate-malformed")]
    public void RefusesUnusableRates(string text, string code)
    {
        var error = Assert.Throws<DomainException>(() => ExchangeRate.Parse(Currency.BTC, Currency.KZT, text));

        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData("47500000")]
    [InlineData("47500000.5")]
    [InlineData("0.000000000001")]
    [InlineData("1.100")]
    public void WritesTheRateAsParsed(string text) =>
        Assert.Equal(text, ExchangeRate.Parse(Currency.ETH, Currency.KZT, text).ToDecimalString());

    /// <summary>due / 10^bs × units / 10^rs, multiplied by 10^(bs + rs + qs) so that both sides are integers.</summary>
    private static BigInteger WorthInKzt(Int128 due, ExchangeRate rate) =>
        (BigInteger)due * rate.Units * BigInteger.Pow(10, rate.Quote.Scale);

    /// <summary>tiyn / 10^qs, multiplied by the same 10^(bs + rs + qs).</summary>
    private static BigInteger KztTimesCommonScale(Money amount, ExchangeRate rate) =>
        (BigInteger)amount.MinorUnits * BigInteger.Pow(10, rate.Base.Scale + rate.Scale);
}
