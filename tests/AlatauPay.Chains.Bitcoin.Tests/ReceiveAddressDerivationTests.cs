using AlatauPay.Domain.Amounts;
using NBitcoin;
using DomainMoney = AlatauPay.Domain.Amounts.Money;

namespace AlatauPay.Chains.Bitcoin.Tests;

public sealed class ReceiveAddressDerivationTests
{
    private static readonly DomainMoney SomeBtc = DomainMoney.Parse("0.001", Currency.BTC);
    private static readonly DomainMoney SomeLtc = DomainMoney.Parse("0.5", Currency.LTC);

    [Fact]
    public void DerivesFirstReceiveAddressesOfBip84TestVector()
    {
        var provider = Providers.Btc("main");
        var key = provider.ParseWalletKey(TestKeys.Bip84VectorZpub, "wallets.BTC");

        Assert.Equal("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", provider.Derive(key, 0, SomeBtc).Address);
        Assert.Equal("bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g", provider.Derive(key, 1, SomeBtc).Address);
    }

    [Fact]
    public void PlainXpubOfTheSameAccountGivesTheSameAddresses()
    {
        var provider = Providers.Btc("main");
        var fromZpub = provider.ParseWalletKey(TestKeys.Bip84VectorZpub, "wallets.BTC");
        var fromXpub = provider.ParseWalletKey(TestKeys.Xpub, "wallets.BTC");

        Assert.Equal(fromZpub, fromXpub);
        Assert.Equal("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", provider.Derive(fromXpub, 0, SomeBtc).Address);
    }

    [Fact]
    public void AddressesDerivedAheadInMovingWindowsAreTheAddressesOfTheirIndexes()
    {
        var ahead = Providers.Btc("regtest");
        var key = ahead.ParseWalletKey(TestKeys.Vpub, "wallets.BTC");

        // Windows that move up by one, jump, and overlap from below, as concurrent invoices' hints do.
        foreach (var from in new long[] { 0, 1, 2, 10, 9, 30, 5 })
        {
            ahead.DeriveAhead(key, from, 16);
        }

        for (var index = 0u; index < 46; index++)
        {
            Assert.Equal(TestKeys.ExpectedAddress(TestKeys.TestAccount, index, Network.RegTest), ahead.Derive(key, index, SomeBtc).Address);
        }
    }

    [Theory]
    [InlineData("test", "tb1q")]
    [InlineData("signet", "tb1q")]
    [InlineData("regtest", "bcrt1q")]
    public void BitcoinTestNetworksGiveTheirOwnBech32Prefix(string network, string prefix)
    {
        var provider = Providers.Btc(network);
        var nbitcoinNetwork = network == "regtest" ? Network.RegTest : Network.TestNet;

        foreach (var registered in new[] { TestKeys.Vpub, TestKeys.Tpub })
        {
            var address = provider.Derive(provider.ParseWalletKey(registered, "wallets.BTC"), 3, SomeBtc).Address;

            Assert.StartsWith(prefix, address, StringComparison.Ordinal);
            Assert.Equal(TestKeys.ExpectedAddress(TestKeys.TestAccount, 3, nbitcoinNetwork), address);
        }
    }

    [Theory]
    [InlineData("test", "tltc1q")]
    [InlineData("regtest", "rltc1q")]
    public void LitecoinTestNetworksGiveLitecoinBech32Prefix(string network, string prefix)
    {
        var provider = Providers.Ltc(network);

        var address = provider.Derive(provider.ParseWalletKey(TestKeys.Vpub, "wallets.LTC"), 0, SomeLtc).Address;

        Assert.StartsWith(prefix, address, StringComparison.Ordinal);
    }

    [Fact]
    public void LitecoinRegtestAddressPaysTheSameWitnessProgramAsBitcoinRegtest()
    {
        var ltc = Providers.Ltc("regtest");
        var btc = Providers.Btc("regtest");

        var ltcAddress = ltc.Derive(ltc.ParseWalletKey(TestKeys.Tpub, "wallets.LTC"), 7, SomeLtc).Address;
        var btcAddress = btc.Derive(btc.ParseWalletKey(TestKeys.Tpub, "wallets.BTC"), 7, SomeBtc).Address;

        var decoded = BitcoinAddress.Create(ltcAddress, LitecoinNetworks.Instance.Regtest);
        Assert.IsType<BitcoinWitPubKeyAddress>(decoded);
        Assert.Equal(BitcoinAddress.Create(btcAddress, Network.RegTest).ScriptPubKey, decoded.ScriptPubKey);
    }

    [Fact]
    public void LitecoinMainnetAddressOfBip84VectorKeyPaysBitcoinsWitnessProgram()
    {
        var provider = Providers.Ltc("main");

        var address = provider.Derive(provider.ParseWalletKey(TestKeys.Bip84VectorZpub, "wallets.LTC"), 0, SomeLtc).Address;

        Assert.StartsWith("ltc1q", address, StringComparison.Ordinal);
        Assert.Equal(
            BitcoinAddress.Create("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", Network.Main).ScriptPubKey,
            BitcoinAddress.Create(address, LitecoinNetworks.Instance.Mainnet).ScriptPubKey);
    }

    [Fact]
    public void ThousandIndicesGiveThousandDistinctAddresses()
    {
        var provider = Providers.Btc("main");
        var key = provider.ParseWalletKey(TestKeys.Bip84VectorZpub, "wallets.BTC");

        var addresses = Enumerable.Range(0, 1000).Select(i => provider.Derive(key, i, SomeBtc).Address).ToHashSet();

        Assert.Equal(1000, addresses.Count);
    }

    [Fact]
    public void DepositTargetCarriesItsIndex()
    {
        var provider = Providers.Btc("main");
        var key = provider.ParseWalletKey(TestKeys.Bip84VectorZpub, "wallets.BTC");

        Assert.Equal(42, provider.Derive(key, 42, SomeBtc).DerivationIndex);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(2_147_483_648L)]
    public void RefusesIndicesOutsideTheNonHardenedRange(long index)
    {
        var provider = Providers.Btc("main");
        var key = provider.ParseWalletKey(TestKeys.Bip84VectorZpub, "wallets.BTC");

        Assert.Throws<ArgumentOutOfRangeException>(() => provider.Derive(key, index, SomeBtc));
    }

    [Fact]
    public void RefusesAnAmountDueInAnotherCurrency()
    {
        var provider = Providers.Btc("main");
        var key = provider.ParseWalletKey(TestKeys.Bip84VectorZpub, "wallets.BTC");

        Assert.Throws<ArgumentException>(() => provider.Derive(key, 0, SomeLtc));
    }

    [Fact]
    public void StoredKeyOfAnotherNetworkFailsWithoutNamingTheKey()
    {
        var stored = Providers.Btc("main").ParseWalletKey(TestKeys.Xpub, "wallets.BTC");

        var error = Assert.Throws<InvalidOperationException>(() => Providers.Btc("regtest").Derive(stored, 0, SomeBtc));

        Assert.DoesNotContain(stored.ExtendedKey, error.Message, StringComparison.Ordinal);
        Assert.Contains(stored.Fingerprint, error.Message, StringComparison.Ordinal);
    }
}
