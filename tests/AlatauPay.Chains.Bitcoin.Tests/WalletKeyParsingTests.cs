using AlatauPay.Application.Common;
using NBitcoin.DataEncoders;

namespace AlatauPay.Chains.Bitcoin.Tests;

public sealed class WalletKeyParsingTests
{
    private const string Field = "wallets.BTC.xpub";

    public static TheoryData<string, string> PrivateKeys => new()
    {
        { TestKeys.Xprv, "main" },
        { TestKeys.Zprv, "main" },
        { TestKeys.Tprv, "test" },
        { TestKeys.Vprv, "regtest" },
        { TestKeys.Tprv, "main" },
        { TestKeys.Xprv, "regtest" },
        { TestKeys.WithVersion(TestKeys.Xprv, 0x049D7878), "main" },
        { TestKeys.WithVersion(TestKeys.Tprv, 0x044A4E28), "test" },
    };

    [Fact]
    public void StoresZpubAsTheEquivalentXpub()
    {
        var key = Providers.Btc("main").ParseWalletKey(TestKeys.Bip84VectorZpub, Field);

        Assert.Equal(TestKeys.Xpub, key.ExtendedKey);
        Assert.StartsWith("xpub", key.ExtendedKey, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("test")]
    [InlineData("regtest")]
    [InlineData("signet")]
    public void TestNetworksAcceptVpubAndTpubAndStoreTpub(string network)
    {
        var provider = Providers.Btc(network);

        Assert.Equal(TestKeys.Tpub, provider.ParseWalletKey(TestKeys.Vpub, Field).ExtendedKey);
        Assert.Equal(TestKeys.Tpub, provider.ParseWalletKey(TestKeys.Tpub, Field).ExtendedKey);
    }

    [Fact]
    public void IgnoresWhitespaceAroundAPastedKey()
    {
        var key = Providers.Btc("main").ParseWalletKey($"  {TestKeys.Bip84VectorZpub}\n", Field);

        Assert.Equal(TestKeys.Xpub, key.ExtendedKey);
    }

    [Fact]
    public void FingerprintIsTheParentFingerprintTheAccountsChildrenCarry()
    {
        var key = Providers.Btc("main").ParseWalletKey(TestKeys.Bip84VectorZpub, Field);
        var childParentFingerprint = TestKeys.MainAccount.Neuter().Derive(0).ToBytes()[1..5];

        Assert.Equal(Convert.ToHexStringLower(childParentFingerprint), key.Fingerprint);
        Assert.Matches("^[0-9a-f]{8}$", key.Fingerprint);
    }

    [Theory]
    [MemberData(nameof(PrivateKeys))]
    public void RefusesPrivateKeysWithoutRepeatingThem(string privateKey, string network)
    {
        var error = Assert.Throws<RequestInvalidException>(() => Providers.Btc(network).ParseWalletKey(privateKey, Field));

        AssertRefused(error, "wallet-key-private");
        Assert.DoesNotContain(privateKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(privateKey, error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesAPrivateKeyWithABrokenChecksumAsPrivate()
    {
        var broken = TestKeys.Xprv[..^1] + (TestKeys.Xprv[^1] == 'a' ? 'b' : 'a');

        AssertRefused(Refusal(Providers.Btc("main"), broken), "wallet-key-private");
    }

    [Fact]
    public void RefusesPrivateKeyMaterialUnderPublicVersionBytes()
    {
        var disguised = TestKeys.WithVersion(TestKeys.Xprv, 0x0488B21E);

        AssertRefused(Refusal(Providers.Btc("main"), disguised), "wallet-key-private");
    }

    [Theory]
    [InlineData("main", "tpub")]
    [InlineData("main", "vpub")]
    [InlineData("regtest", "xpub")]
    [InlineData("test", "zpub")]
    public void RefusesKeysOfAnotherNetwork(string network, string form)
    {
        var key = form switch
        {
            "tpub" => TestKeys.Tpub,
            "vpub" => TestKeys.Vpub,
            "xpub" => TestKeys.Xpub,
            _ => TestKeys.Bip84VectorZpub,
        };

        AssertRefused(Refusal(Providers.Btc(network), key), "wallet-key-wrong-network");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key")]
    [InlineData("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu")]
    [InlineData("zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYt")]
    public void RefusesMalformedKeys(string text)
    {
        AssertRefused(Refusal(Providers.Btc("main"), text), "wallet-key-malformed");
    }

    [Fact]
    public void RefusesAKeyOfTheWrongLength()
    {
        var data = Encoders.Base58Check.DecodeData(TestKeys.Xpub);

        AssertRefused(Refusal(Providers.Btc("main"), Encoders.Base58Check.EncodeData(data[..^1])), "wallet-key-malformed");
    }

    [Theory]
    [InlineData(0x049D7CB2u)]
    [InlineData(0x02AA7ED3u)]
    public void RefusesBip49AndMultisigKeysAsUnsupported(uint version)
    {
        var error = Refusal(Providers.Btc("main"), TestKeys.WithVersion(TestKeys.Xpub, version));

        AssertRefused(error, "wallet-key-malformed");
    }

    [Fact]
    public void RefusesYpubNamingBip49()
    {
        var error = Refusal(Providers.Btc("main"), TestKeys.WithVersion(TestKeys.Xpub, 0x049D7CB2));

        Assert.Contains("BIP49", error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesEveryKeyWhenTheNetworkIsNotConfigured()
    {
        var provider = Providers.Btc(null);

        Assert.Null(provider.Network);
        AssertRefused(Refusal(provider, TestKeys.Bip84VectorZpub), "payment-method-unavailable");
    }

    private static RequestInvalidException Refusal(BitcoinFamilyPaymentMethodProvider provider, string key) =>
        Assert.Throws<RequestInvalidException>(() => provider.ParseWalletKey(key, Field));

    private static void AssertRefused(RequestInvalidException error, string code)
    {
        var only = Assert.Single(error.Errors);
        Assert.Equal(code, only.Code);
        Assert.Equal(Field, only.Field);
    }
}
