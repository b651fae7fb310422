namespace AlatauPay.Chains.Bitcoin;

/// <summary>What the first four bytes of a serialised BIP32 key say about it (BIP32 and SLIP-132).</summary>
internal sealed record ExtendedKeyVersion(
    string Prefix,
    uint Version,
    bool IsPrivate,
    ExtendedKeyScript Script,
    bool IsTestNetwork,
    bool IsLitecoinOnly)
{
    public static IReadOnlyList<ExtendedKeyVersion> Known { get; } =
    [
        new("xpub", 0x0488B21E, false, ExtendedKeyScript.Unspecified, false, false),
        new("xprv", 0x0488ADE4, true, ExtendedKeyScript.Unspecified, false, false),
        new("tpub", 0x043587CF, false, ExtendedKeyScript.Unspecified, true, false),
        new("tprv", 0x04358394, true, ExtendedKeyScript.Unspecified, true, false),
        new("ypub", 0x049D7CB2, false, ExtendedKeyScript.NestedSegwit, false, false),
        new("yprv", 0x049D7878, true, ExtendedKeyScript.NestedSegwit, false, false),
        new("upub", 0x044A5262, false, ExtendedKeyScript.NestedSegwit, true, false),
        new("uprv", 0x044A4E28, true, ExtendedKeyScript.NestedSegwit, true, false),
        new("zpub", 0x04B24746, false, ExtendedKeyScript.NativeSegwit, false, false),
        new("zprv", 0x04B2430C, true, ExtendedKeyScript.NativeSegwit, false, false),
        new("vpub", 0x045F1CF6, false, ExtendedKeyScript.NativeSegwit, true, false),
        new("vprv", 0x045F18BC, true, ExtendedKeyScript.NativeSegwit, true, false),
        new("Ypub", 0x0295B43F, false, ExtendedKeyScript.Multisig, false, false),
        new("Yprv", 0x0295B005, true, ExtendedKeyScript.Multisig, false, false),
        new("Upub", 0x024289EF, false, ExtendedKeyScript.Multisig, true, false),
        new("Uprv", 0x024285B5, true, ExtendedKeyScript.Multisig, true, false),
        new("Zpub", 0x02AA7ED3, false, ExtendedKeyScript.Multisig, false, false),
        new("Zprv", 0x02AA7A99, true, ExtendedKeyScript.Multisig, false, false),
        new("Vpub", 0x02575483, false, ExtendedKeyScript.Multisig, true, false),
        new("Vprv", 0x02575048, true, ExtendedKeyScript.Multisig, true, false),
        new("Ltub", 0x019DA462, false, ExtendedKeyScript.Unspecified, false, true),
        new("Ltpv", 0x019D9CFE, true, ExtendedKeyScript.Unspecified, false, true),
        new("Mtub", 0x01B26EF6, false, ExtendedKeyScript.NestedSegwit, false, true),
        new("Mtpv", 0x01B26792, true, ExtendedKeyScript.NestedSegwit, false, true),
        new("ttub", 0x0436F6E1, false, ExtendedKeyScript.Unspecified, true, true),
        new("ttpv", 0x0436EF7D, true, ExtendedKeyScript.Unspecified, true, true),
    ];

    public static ExtendedKeyVersion? Find(uint version) => Known.FirstOrDefault(v => v.Version == version);

    /// <summary>True when this public key version yields the P2WPKH addresses the gateway derives.</summary>
    public bool IsReceivingAccountKey =>
        !IsPrivate && Script is ExtendedKeyScript.Unspecified or ExtendedKeyScript.NativeSegwit;
}

/// <summary>The address type SLIP-132 binds to a version; plain xpub/tpub bind none, and the gateway reads them as BIP84.</summary>
internal enum ExtendedKeyScript
{
    Unspecified,
    NestedSegwit,
    NativeSegwit,
    Multisig,
}
