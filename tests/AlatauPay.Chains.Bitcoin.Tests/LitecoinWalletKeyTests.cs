using AlatauPay.Application.Common;
using AlatauPay.Domain.Amounts;
using DomainMoney = AlatauPay.Domain.Amounts.Money;

namespace AlatauPay.Chains.Bitcoin.Tests;

public sealed class LitecoinWalletKeyTests
{
    private const string Field = "wallets.LTC.xpub";
    private static readonly DomainMoney SomeLtc = DomainMoney.Parse("0.5", Currency.LTC);

    [Fact]
    public void AcceptsLtubAsTheSameAccountAsZpub()
    {
        var provider = Providers.Ltc("main");
        var fromLtub = provider.ParseWalletKey(TestKeys.WithVersion(TestKeys.Xpub, 0x019DA462), Field);
        var fromZpub = provider.ParseWalletKey(TestKeys.Bip84VectorZpub, Field);

        Assert.Equal(fromZpub, fromLtub);
        Assert.StartsWith("xpub", fromLtub.ExtendedKey, StringComparison.Ordinal);
        Assert.Equal(provider.Derive(fromZpub, 5, SomeLtc), provider.Derive(fromLtub, 5, SomeLtc));
    }

    [Fact]
    public void AcceptsTtubOnLitecoinTestNetworks()
    {
        var key = Providers.Ltc("regtest").ParseWalletKey(TestKeys.WithVersion(TestKeys.Tpub, 0x0436F6E1), Field);

        Assert.Equal(TestKeys.Tpub, key.ExtendedKey);
    }

    [Fact]
    public void RefusesMtubBecauseItIsABip49Key()
    {
        var error = Refusal(Providers.Ltc("main"), TestKeys.WithVersion(TestKeys.Xpub, 0x01B26EF6));

        Assert.Equal("wallet-key-malformed", error.Code);
        Assert.Contains("BIP49", error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x019D9CFEu)]
    [InlineData(0x01B26792u)]
    public void RefusesLitecoinPrivateKeys(uint version)
    {
        var privateKey = TestKeys.WithVersion(TestKeys.Xprv, version);

        var error = Refusal(Providers.Ltc("main"), privateKey);

        Assert.Equal("wallet-key-private", error.Code);
        Assert.DoesNotContain(privateKey, error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BitcoinRefusesLtubAsAnotherNetworksKey()
    {
        var error = Refusal(Providers.Btc("main"), TestKeys.WithVersion(TestKeys.Xpub, 0x019DA462));

        Assert.Equal("wallet-key-wrong-network", error.Code);
    }

    [Fact]
    public void LitecoinMainRefusesTpub()
    {
        Assert.Equal("wallet-key-wrong-network", Refusal(Providers.Ltc("main"), TestKeys.Tpub).Code);
    }

    [Fact]
    public void RefusesKeysWhenLitecoinIsNotConfigured()
    {
        Assert.Equal("payment-method-unavailable", Refusal(Providers.Ltc(""), TestKeys.Xpub).Code);
    }

    private static RequestInvalidException Refusal(BitcoinFamilyPaymentMethodProvider provider, string key) =>
        Assert.Throws<RequestInvalidException>(() => provider.ParseWalletKey(key, Field));
}
