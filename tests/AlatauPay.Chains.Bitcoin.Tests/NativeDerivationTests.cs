using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using AlatauPay.Chains.Bitcoin.Derivation;
using NBitcoin;

namespace AlatauPay.Chains.Bitcoin.Tests;

/// <summary>
/// Receive addresses through the system's libsecp256k1 against NBitcoin's, index by index. The native library
/// is required here: on a machine without it these tests fail, rather than pass having compared nothing.
/// </summary>
public sealed class NativeDerivationTests
{
    private const string Missing =
        "libsecp256k1 was not loaded (tried libsecp256k1.so.1 and libsecp256k1.so): install the Debian package libsecp256k1-1 (apt-get install libsecp256k1-1); ops/test installs it.";

    private const string Generator = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    private const string GroupOrder = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

    public static TheoryData<string, string> Accounts => new()
    {
        { "bip84-vector", "btc-main" },
        { "bip84-test", "btc-test" },
        { "bip84-test", "btc-regtest" },
        { "bip84-litecoin", "ltc-main" },
        { "bip84-test", "ltc-regtest" },
        { "seeded", "btc-main" },
    };

    [Fact]
    public void SystemLibsecp256k1IsLoaded()
    {
        Native();

        Assert.True(BitcoinFamilyPaymentMethodProvider.UsesNativeSecp256k1, Missing);
    }

    [Theory]
    [MemberData(nameof(Accounts))]
    public void GivesNBitcoinsAddressForTheFirst2001Indexes(string account, string network) =>
        AssertSameAddresses(account, network, Enumerable.Range(0, 2001).Select(i => (uint)i));

    [Theory]
    [MemberData(nameof(Accounts))]
    public void GivesNBitcoinsAddressForLargeIndexes(string account, string network) =>
        AssertSameAddresses(account, network, [65_535, 1_000_000, 123_456_789, 1u << 30, int.MaxValue - 1, int.MaxValue]);

    private static void AssertSameAddresses(string account, string network, IEnumerable<uint> indexes)
    {
        var native = Native();
        var branch = Branch(account);
        var chain = NetworkNamed(network);
        foreach (var index in indexes)
        {
            Assert.Equal(branch.ManagedAddressAt(index, chain), branch.NativeAddressAt(native, index, chain));
        }
    }

    [Fact]
    public void GivesTheBip84TestVectorAddressesOnBothPaths()
    {
        var native = Native();
        var branch = new ReceiveBranch(ExtPubKey.Parse(TestKeys.Xpub, Network.Main).Derive(0));

        Assert.Equal("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", branch.NativeAddressAt(native, 0, Network.Main).ToString());
        Assert.Equal("bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g", branch.NativeAddressAt(native, 1, Network.Main).ToString());
        Assert.Equal("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", branch.ManagedAddressAt(0, Network.Main).ToString());
        Assert.Equal("bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g", branch.ManagedAddressAt(1, Network.Main).ToString());
    }

    [Fact]
    public void ProviderGivesTheManagedPathsAddresses()
    {
        Native();
        var provider = Providers.Ltc("regtest");
        var key = provider.ParseWalletKey(TestKeys.Tpub, "wallets.LTC");
        var branch = Branch("bip84-test");

        foreach (var index in new[] { 0, 1, 77, 2_147_483_647 })
        {
            Assert.Equal(
                branch.ManagedAddressAt((uint)index, LitecoinNetworks.Instance.Regtest).ToString(),
                provider.Derive(key, index, Domain.Amounts.Money.Zero(Domain.Amounts.Currency.LTC)).Address);
        }
    }

    [Fact]
    public void RefusesHardenedIndexes()
    {
        var native = Native();
        var branch = Branch("bip84-vector");

        Assert.Throws<ArgumentOutOfRangeException>(() => branch.ChildKey(native, 0x8000_0000, new byte[33]));
    }

    // NBitcoin's ECPubKey.AddTweak (internal to NBitcoin) throws ArgumentException for exactly these tweaks,
    // and ReceiveBranch.ChildKey turns a false here into the same exception type.
    [Theory]
    [InlineData(GroupOrder, "the tweak is the group order")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "the tweak is above the group order")]
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140", "G + (n-1)G is the point at infinity")]
    public void FindsNoSumWhereBip32DefinesNoChild(string tweakHex, string because)
    {
        var native = Native();

        Assert.False(native.TryAddTweak(Convert.FromHexString(Generator), Convert.FromHexString(tweakHex), new byte[33]), because);
    }

    [Fact]
    public void AddsAZeroTweakAsTheKeyItself()
    {
        // libsecp256k1 refuses zero as a secret key, so 0·G cannot come from pubkey_create; BIP32 still defines the child.
        var native = Native();
        var sum = new byte[33];

        Assert.True(native.TryAddTweak(Convert.FromHexString(Generator), new byte[32], sum));
        Assert.Equal(Generator, Convert.ToHexStringLower(sum));
    }

    [Fact]
    public void AddsATweakToAPointAsScalarArithmeticSays()
    {
        var native = Native();
        var tweak = SHA256.HashData(Encoding.ASCII.GetBytes("tweak"));
        var sum = new byte[33];

        Assert.True(native.TryAddTweak(Convert.FromHexString(Generator), tweak, sum));

        // G + t·G = (1 + t)·G, the public key of the secret 1 + t (mod n).
        var order = BigInteger.Parse("0" + GroupOrder, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var secret = (new BigInteger(tweak, isUnsigned: true, isBigEndian: true) + 1) % order;
        var secretBytes = new byte[32];
        secret.TryWriteBytes(secretBytes.AsSpan(32 - secret.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        Assert.Equal(new Key(secretBytes).PubKey.ToBytes(), sum);
    }

    [Fact]
    public void ManagedFallbackGivesIndependentNBitcoinDerivation()
    {
        foreach (var index in new uint[] { 0, 5, 1_999, int.MaxValue })
        {
            Assert.Equal(
                TestKeys.ExpectedAddress(TestKeys.TestAccount, index, Network.RegTest),
                Branch("bip84-test").ManagedAddressAt(index, Network.RegTest).ToString());
        }
    }

    private static NativeSecp256k1 Native()
    {
        var native = NativeSecp256k1.Instance;
        Assert.True(native is not null, Missing);
        return native;
    }

    private static ReceiveBranch Branch(string account) => new((account switch
    {
        "bip84-vector" => TestKeys.MainAccount,
        "bip84-test" => TestKeys.TestAccount,
        "bip84-litecoin" => TestKeys.LitecoinAccount,
        "seeded" => ExtKey.CreateFromSeed(SHA256.HashData(Encoding.ASCII.GetBytes("alataupay native derivation"))).Derive(new KeyPath("m/84'/0'/7'")),
        _ => throw new ArgumentOutOfRangeException(nameof(account), account, "no such test account"),
    }).Neuter().Derive(0));

    private static Network NetworkNamed(string name) => name switch
    {
        "btc-main" => Network.Main,
        "btc-test" => Network.TestNet,
        "btc-regtest" => Network.RegTest,
        "ltc-main" => LitecoinNetworks.Instance.Mainnet,
        "ltc-regtest" => LitecoinNetworks.Instance.Regtest,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such test network"),
    };
}
