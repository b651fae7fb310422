using System.Buffers.Binary;
using NBitcoin;
using NBitcoin.DataEncoders;

namespace AlatauPay.Chains.Bitcoin.Tests;

/// <summary>Keys of the BIP84 test mnemonic, derived here so every form a department might paste can be produced.</summary>
internal static class TestKeys
{
    public const string Bip84VectorZpub =
        "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs";

    private static readonly ExtKey Root =
        new Mnemonic("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about").DeriveExtKey();

    /// <summary>m/84'/0'/0'.</summary>
    public static ExtKey MainAccount { get; } = Root.Derive(new KeyPath("m/84'/0'/0'"));

    /// <summary>m/84'/1'/0'.</summary>
    public static ExtKey TestAccount { get; } = Root.Derive(new KeyPath("m/84'/1'/0'"));

    /// <summary>m/84'/2'/0', Litecoin's BIP84 account.</summary>
    public static ExtKey LitecoinAccount { get; } = Root.Derive(new KeyPath("m/84'/2'/0'"));

    public static string Xpub => MainAccount.Neuter().ToString(Network.Main);

    public static string Xprv => MainAccount.ToString(Network.Main);

    public static string Tpub => TestAccount.Neuter().ToString(Network.TestNet);

    public static string Tprv => TestAccount.ToString(Network.TestNet);

    public static string Vpub => WithVersion(Tpub, 0x045F1CF6);

    public static string Zprv => WithVersion(Xprv, 0x04B2430C);

    public static string Vprv => WithVersion(Tprv, 0x045F18BC);

    /// <summary>The same key re-serialised under other version bytes, as SLIP-132 wallets export it.</summary>
    public static string WithVersion(string extendedKey, uint version)
    {
        var data = Encoders.Base58Check.DecodeData(extendedKey);
        BinaryPrimitives.WriteUInt32BigEndian(data, version);
        return Encoders.Base58Check.EncodeData(data);
    }

    /// <summary>The receive address …/0/<paramref name="index"/> computed directly with NBitcoin, as an independent expectation.</summary>
    public static string ExpectedAddress(ExtKey account, uint index, Network network) =>
        account.Neuter().Derive(0).Derive(index).PubKey.GetAddress(ScriptPubKeyType.Segwit, network).ToString();
}
