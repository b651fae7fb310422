using AlatauPay.Domain.Amounts;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AlatauPay.Domain.Tests.Amounts;

public class MoneyArithmeticTests
{
    private static readonly Money OneBtc = Money.Parse("1", Currency.BTC);
    private static readonly Money OneLtc = Money.Parse("1", Currency.LTC);

    [Fact]
    public void RefusesToAddDifferentCurrencies() =>
        AssertMismatch(() => _ = OneBtc + OneLtc);

    [Fact]
    public void RefusesToSubtractDifferentCurrencies() =>
        AssertMismatch(() => _ = OneBtc - OneLtc);

    [Fact]
    public void RefusesToCompareDifferentCurrencies()
    {
        AssertMismatch(() => _ = OneBtc < OneLtc);
        AssertMismatch(() => _ = OneBtc >= OneLtc);
        AssertMismatch(() => OneBtc.CompareTo(OneLtc));
    }

    [Fact]
    public void TreatsSameUnitsInDifferentCurrenciesAsDifferentAmounts() =>
        Assert.NotEqual(new Money(Currency.USDT, 5), new Money(Currency.USDC, 5));

    [Fact]
    public void ThrowsOnOverflowInsteadOfWrapping()
    {
        var largest = new Money(Currency.ETH, Int128.MaxValue);
        var one = new Money(Currency.ETH, 1);

        Assert.Throws<OverflowException>(() => largest + one);
        Assert.Throws<OverflowException>(() => new Money(Currency.ETH, -Int128.MaxValue) - one - one);
    }

    [Fact]
    public void AddsEthAboveTwoToTheSixtyFourWeiExactly()
    {
        var twoToTheSixtyFour = new Money(Currency.ETH, (Int128)ulong.MaxValue + 1);

        var sum = twoToTheSixtyFour + new Money(Currency.ETH, 1);

        Assert.Equal("18.446744073709551617", sum.ToDecimalString());
        Assert.Equal(twoToTheSixtyFour, sum - new Money(Currency.ETH, 1));
    }

    [Property]
    public Property AddingThenSubtractingGivesBackTheStart() =>
        Prop.ForAll(Arb.From(AnyCase), triple =>
        {
            var (currency, a, b) = triple;
            var left = new Money(currency, a);
            var right = new Money(currency, b);

            Assert.Equal(left, left + right - right);
            Assert.Equal(a.CompareTo(b), Math.Sign(left.CompareTo(right)));
        });

    private static Gen<(Currency, int, int)> AnyCase =>
        from currency in DomainGen.AnyCurrency
        from a in Gen.Choose(int.MinValue, int.MaxValue)
        from b in Gen.Choose(int.MinValue, int.MaxValue)
        select (currency, a, b);

    private static void AssertMismatch(Action action) =>
        Assert.Equal("currency-mismatch", Assert.Throws<DomainException>(action).Code);
}
