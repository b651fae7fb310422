using System.Globalization;
using System.Numerics;
using AlatauPay.Domain.Amounts;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AlatauPay.Domain.Tests.Amounts;

public class MoneyParsingTests
{
    [Property]
    public Property FormattingThenParsingGivesBackTheSameMinorUnits() =>
        Prop.ForAll(Arb.From(DomainGen.AnyCurrency.Zip(DomainGen.AnyInt128)), pair =>
        {
            var (currency, units) = pair;
            var text = new Money(currency, units).ToDecimalString();

            Assert.Equal(new Money(currency, units), Money.Parse(text, currency));
        });

    [Fact]
    public void FormatsAndParsesTheMostNegativeAmount()
    {
        var lowest = new Money(Currency.ETH, Int128.MinValue);

        Assert.Equal(lowest, Money.Parse(lowest.ToDecimalString(), Currency.ETH));
    }

    [Property]
    public Property WritesExactlyTheCurrencyScaleOfDecimals() =>
        Prop.ForAll(Arb.From(DomainGen.AnyCurrency.Zip(DomainGen.AnyInt128)), pair =>
        {
            var text = new Money(pair.Item1, pair.Item2).ToDecimalString();

            Assert.Equal(pair.Item1.Scale, text.Length - text.IndexOf('.', StringComparison.Ordinal) - 1);
        });

    [Theory]
    [InlineData("12345.67", 1234567)]
    [InlineData("12345.6", 1234560)]
    [InlineData("12345", 1234500)]
    [InlineData("0.01", 1)]
    [InlineData("-0.01", -1)]
    [InlineData("007.50", 750)]
    public void ParsesKztIntoTiyn(string text, long tiyn) =>
        Assert.Equal(new Money(Currency.KZT, tiyn), Money.Parse(text, Currency.KZT));

    [Fact]
    public void KeepsEthAmountsAboveTwoToTheSixtyFourWeiExact()
    {
        var money = Money.Parse("123456789012.345678901234567891", Currency.ETH);

        Assert.Equal(Int128.Parse("123456789012345678901234567891", CultureInfo.InvariantCulture), money.MinorUnits);
        Assert.True(money.MinorUnits > (Int128)ulong.MaxValue);
        Assert.Equal("123456789012.345678901234567891", money.ToDecimalString());
    }

    [Property]
    public Property RefusesMoreDecimalsThanTheCurrencyHas() =>
        Prop.ForAll(Arb.From(DomainGen.AnyCurrency.Zip(Gen.Choose(1, 9))), pair =>
        {
            var (currency, extra) = pair;
            var text = "1." + new string('0', currency.Scale + extra - 1) + "5";

            AssertRefused(text, currency, "amount-too-precise");
        });

    [Theory]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1e5")]
    [InlineData("1E5")]
    [InlineData("1,5")]
    [InlineData("1_000")]
    [InlineData("")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("--1")]
    [InlineData("+1")]
    [InlineData("1.2.3")]
    [InlineData("0x10")]
    [InlineData("١")]
    [InlineData("１")]
    [InlineData("NaN")]
    [InlineData(null)]
    public void RefusesMalformedStrings(string? text)
    {
        foreach (var currency in Currency.All)
        {
            Assert.False(Money.TryParse(text, currency, out _, out var code));
            Assert.Equal("amount-malformed", code);
        }
    }

    [Fact]
    public void RefusesAmountsBeyondInt128InEveryCurrency()
    {
        foreach (var currency in Currency.All)
        {
            var justAbove = (BigInteger)Int128.MaxValue + 1;
            var justBelow = -(BigInteger)Int128.MaxValue - 2;

            AssertRefused(ToDecimal(justAbove, currency.Scale), currency, "amount-too-large");
            AssertRefused(ToDecimal(justBelow, currency.Scale), currency, "amount-too-large");
            AssertRefused(new string('9', 60), currency, "amount-too-large");
        }
    }

    [Fact]
    public void ParseThrowsTheRefusalCode()
    {
        var error = Assert.Throws<DomainException>(() => Money.Parse("0.001", Currency.KZT));

        Assert.Equal("amount-too-precise", error.Code);
    }

    private static void AssertRefused(string text, Currency currency, string expectedCode)
    {
        Assert.False(Money.TryParse(text, currency, out _, out var code));
        Assert.Equal(expectedCode, code);
    }

    private static string ToDecimal(BigInteger minorUnits, int scale)
    {
        var digits = BigInteger.Abs(minorUnits).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        return (minorUnits.Sign < 0 ? "-" : "") + digits[..^scale] + "." + digits[^scale..];
    }
}
