using AlatauPay.Domain.Amounts;
using DomainMoney = AlatauPay.Domain.Amounts.Money;

namespace AlatauPay.Chains.Bitcoin.Tests;

public sealed class PaymentUriTests
{
    private const string FirstAddress = "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu";

    [Theory]
    [InlineData("0.00025991", "0.00025991")]
    [InlineData("1.00000000", "1")]
    [InlineData("0.10000000", "0.1")]
    [InlineData("12.5", "12.5")]
    [InlineData("0.00000001", "0.00000001")]
    [InlineData("20", "20")]
    public void BitcoinUriCarriesTheAmountWithoutTrailingZeros(string due, string expected)
    {
        var provider = Providers.Btc("main");
        var key = provider.ParseWalletKey(TestKeys.Bip84VectorZpub, "wallets.BTC");

        var target = provider.Derive(key, 0, DomainMoney.Parse(due, Currency.BTC));

        Assert.Equal($"bitcoin:{FirstAddress}?amount={expected}", target.PaymentUri);
    }

    [Fact]
    public void LitecoinUriUsesTheLitecoinScheme()
    {
        var provider = Providers.Ltc("main");
        var key = provider.ParseWalletKey(TestKeys.Bip84VectorZpub, "wallets.LTC");

        var target = provider.Derive(key, 0, DomainMoney.Parse("0.25", Currency.LTC));

        Assert.Equal($"litecoin:{target.Address}?amount=0.25", target.PaymentUri);
        Assert.Equal(target.Address.ToLowerInvariant(), target.Address);
    }

    [Fact]
    public void NothingDueLeavesTheAmountOut()
    {
        Assert.Equal($"bitcoin:{FirstAddress}", PaymentUri.Format("bitcoin", FirstAddress, DomainMoney.Zero(Currency.BTC)));
    }

    [Fact]
    public void RefusesANegativeAmount()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => PaymentUri.Format("bitcoin", FirstAddress, DomainMoney.Parse("-1", Currency.BTC)));
    }
}
