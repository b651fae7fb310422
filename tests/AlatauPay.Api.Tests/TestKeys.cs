using NBitcoin;

namespace AlatauPay.Api.Tests;

/// <summary>Account keys (m/84'/coin'/0') of the BIP84 test mnemonic, in the forms an operator might paste.</summary>
internal static class TestKeys
{
    private static readonly ExtKey Root =
        new Mnemonic("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about").DeriveExtKey();

    private static readonly ExtKey TestAccount = Root.Derive(new KeyPath("m/84'/1'/0'"));

    private static readonly ExtKey MainAccount = Root.Derive(new KeyPath("m/84'/0'/0'"));

    public static string RegtestTpub { get; } = TestAccount.Neuter().ToString(Network.RegTest);

    public static string RegtestTprv { get; } = TestAccount.ToString(Network.RegTest);

    public static string MainnetXpub { get; } = MainAccount.Neuter().ToString(Network.Main);

    public const string RegtestVpub =
        "vpub5Y6cjg78GGuNLsaPhmYsiw4gYX3HoQiRBiSwDaBXKUafCt9bNwWQiitDk5VZ5BVxYnQdwoTyXSs2JHRPAgjAvtbBrf8ZhDYe2jWAqvZVnsc";

    /// <summary>
    /// A test-network account key of its own for each department (m/84'/1'/n' with n from the code), since
    /// a key serves one department only.
    /// </summary>
    public static string RegtestTpubFor(string department) => AccountFor(department).Neuter().ToString(Network.RegTest);

    /// <summary>The department's receive address …/0/<paramref name="index"/>, computed directly with NBitcoin.</summary>
    public static string ExpectedRegtestAddress(string department, uint index) =>
        AccountFor(department).Neuter().Derive(0).Derive(index).PubKey.GetAddress(ScriptPubKeyType.Segwit, Network.RegTest).ToString();

    private static ExtKey AccountFor(string department)
    {
        var account = department.Aggregate(17u, (hash, c) => unchecked((hash * 31) + c)) & 0x7fffffff;
        return Root.Derive(new KeyPath($"m/84'/1'/{account}'"));
    }
}
