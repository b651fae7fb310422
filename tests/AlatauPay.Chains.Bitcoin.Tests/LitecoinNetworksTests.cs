using NBitcoin;

namespace AlatauPay.Chains.Bitcoin.Tests;

public sealed class LitecoinNetworksTests
{
    [Fact]
    public void GenesisBlocksHashAsInLitecoinCore()
    {
        Assert.Equal(
            uint256.Parse("12a765e31ffd4059bada1e25190f6e98c99d9714d334efa41a195a7e7e04bfe2"),
            LitecoinNetworks.Instance.Mainnet.GenesisHash);
        Assert.Equal(
            uint256.Parse("4966625a4b2851d9fdee139e56211a0d88575f59ed816ff5e6a63deb4e3e29a0"),
            LitecoinNetworks.Instance.Testnet.GenesisHash);
        Assert.Equal(
            uint256.Parse("530827f38f93b43ed12af0b3ad25a288dc02ed74d6d7857862df51fc56c416f9"),
            LitecoinNetworks.Instance.Regtest.GenesisHash);
    }

    [Fact]
    public void MagicAndPortsAreLitecoinCores()
    {
        var networks = LitecoinNetworks.Instance;

        Assert.Equal((0xdbb6c0fbu, 9333, 9332), (networks.Mainnet.Magic, networks.Mainnet.DefaultPort, networks.Mainnet.RPCPort));
        Assert.Equal((0xf1c8d2fdu, 19335, 19332), (networks.Testnet.Magic, networks.Testnet.DefaultPort, networks.Testnet.RPCPort));
        Assert.Equal((0xdab5bffau, 19444, 19443), (networks.Regtest.Magic, networks.Regtest.DefaultPort, networks.Regtest.RPCPort));
    }

    [Fact]
    public void LegacyAddressesUseLitecoinBase58Prefixes()
    {
        var key = TestKeys.MainAccount.PrivateKey.PubKey;

        Assert.StartsWith("L", key.GetAddress(ScriptPubKeyType.Legacy, LitecoinNetworks.Instance.Mainnet).ToString(), StringComparison.Ordinal);
        Assert.StartsWith("M", key.ScriptPubKey.Hash.GetAddress(LitecoinNetworks.Instance.Mainnet).ToString(), StringComparison.Ordinal);
        Assert.Matches("^[mn]", key.GetAddress(ScriptPubKeyType.Legacy, LitecoinNetworks.Instance.Regtest).ToString());
    }

    [Fact]
    public void NetworksAreRegisteredOnceUnderTheirOwnNames()
    {
        _ = LitecoinNetworks.Instance.Regtest;
        _ = new BitcoinFamilyPaymentMethodProvider(BitcoinFamilyChain.Litecoin, new BitcoinFamilyOptions { Network = "regtest" });
        _ = new BitcoinFamilyPaymentMethodProvider(BitcoinFamilyChain.Litecoin, new BitcoinFamilyOptions { Network = "regtest" });

        Assert.Same(LitecoinNetworks.Instance.Regtest, Network.GetNetwork("alataupay-ltc-regtest"));
        Assert.Same(LitecoinNetworks.Instance.Mainnet, Network.GetNetwork("alataupay-ltc-main"));
        Assert.Same(LitecoinNetworks.Instance.Testnet, Network.GetNetwork("alataupay-ltc-test"));
    }
}
