using NBitcoin;

namespace AlatauPay.Chains.Bitcoin;

/// <summary>
/// Litecoin main, test and regtest networks as Litecoin Core 0.21 defines them, built with NBitcoin's
/// network builder because NBitcoin ships no Litecoin network and the altcoins package is not available.
/// </summary>
/// <remarks>
/// NBitcoin keeps a process-wide registry that throws on a second registration of the same name, so the
/// networks are registered once, on first use, by the single <see cref="Instance"/>, under names that
/// cannot clash with another Litecoin definition loaded into the same process.
/// </remarks>
public sealed class LitecoinNetworks : NetworkSetBase
{
    private const string GenesisTimestamp = "NY Times 05/Oct/2011 Steve Jobs, Apple’s Visionary, Dies at 56";
    private const string GenesisOutputKey =
        "040184710fa689ad5023690c80f3a49c8f13f8d45b8c857fbcbc8bc4a8e4d3eb4b10f4d4604fa08dce601aaf0f470216fe1b51850b4acf21b179c45070ac7b03a9";

    private static readonly byte[] MainExtPubKeyVersion = [0x04, 0x88, 0xB2, 0x1E];
    private static readonly byte[] MainExtSecretKeyVersion = [0x04, 0x88, 0xAD, 0xE4];
    private static readonly byte[] TestExtPubKeyVersion = [0x04, 0x35, 0x87, 0xCF];
    private static readonly byte[] TestExtSecretKeyVersion = [0x04, 0x35, 0x83, 0x94];

    private LitecoinNetworks()
    {
    }

    public static LitecoinNetworks Instance { get; } = new();

    public override string CryptoCode => "LTC";

    protected override NetworkBuilder CreateMainnet() =>
        new NetworkBuilder()
            .SetName("alataupay-ltc-main")
            .SetConsensus(CreateConsensus(coinType: 2, halvingInterval: 840_000, powLimitHex: "00000fff", confirmationWindow: 8064))
            .SetBase58Bytes(Base58Type.PUBKEY_ADDRESS, [48])
            .SetBase58Bytes(Base58Type.SCRIPT_ADDRESS, [50])
            .SetBase58Bytes(Base58Type.SECRET_KEY, [176])
            .SetBase58Bytes(Base58Type.EXT_PUBLIC_KEY, MainExtPubKeyVersion)
            .SetBase58Bytes(Base58Type.EXT_SECRET_KEY, MainExtSecretKeyVersion)
            .SetBech32(Bech32Type.WITNESS_PUBKEY_ADDRESS, "ltc")
            .SetBech32(Bech32Type.WITNESS_SCRIPT_ADDRESS, "ltc")
            .SetBech32(Bech32Type.TAPROOT_ADDRESS, "ltc")
            .SetMagic(0xdbb6c0fb)
            .SetPort(9333)
            .SetRPCPort(9332)
            .SetUriScheme("litecoin")
            .SetGenesis(Genesis(unixTime: 1317972665, nonce: 2084524493, bits: 0x1e0ffff0));

    protected override NetworkBuilder CreateTestnet() =>
        TestNetworkBuilder("tltc")
            .SetName("alataupay-ltc-test")
            .SetConsensus(CreateConsensus(coinType: 1, halvingInterval: 840_000, powLimitHex: "00000fff", confirmationWindow: 2016))
            .SetMagic(0xf1c8d2fd)
            .SetPort(19335)
            .SetRPCPort(19332)
            .SetUriScheme("litecoin")
            .SetGenesis(Genesis(unixTime: 1486949366, nonce: 293345, bits: 0x1e0ffff0));

    protected override NetworkBuilder CreateRegtest() =>
        TestNetworkBuilder("rltc")
            .SetName("alataupay-ltc-regtest")
            .SetConsensus(CreateConsensus(coinType: 1, halvingInterval: 150, powLimitHex: "7fffffff", confirmationWindow: 144))
            .SetMagic(0xdab5bffa)
            .SetPort(19444)
            .SetRPCPort(19443)
            .SetUriScheme("litecoin")
            .SetGenesis(Genesis(unixTime: 1296688602, nonce: 0, bits: 0x207fffff));

    private static NetworkBuilder TestNetworkBuilder(string bech32Prefix) =>
        new NetworkBuilder()
            .SetBase58Bytes(Base58Type.PUBKEY_ADDRESS, [111])
            .SetBase58Bytes(Base58Type.SCRIPT_ADDRESS, [58])
            .SetBase58Bytes(Base58Type.SECRET_KEY, [239])
            .SetBase58Bytes(Base58Type.EXT_PUBLIC_KEY, TestExtPubKeyVersion)
            .SetBase58Bytes(Base58Type.EXT_SECRET_KEY, TestExtSecretKeyVersion)
            .SetBech32(Bech32Type.WITNESS_PUBKEY_ADDRESS, bech32Prefix)
            .SetBech32(Bech32Type.WITNESS_SCRIPT_ADDRESS, bech32Prefix)
            .SetBech32(Bech32Type.TAPROOT_ADDRESS, bech32Prefix);

    private static Consensus CreateConsensus(int coinType, int halvingInterval, string powLimitHex, int confirmationWindow) =>
        new()
        {
            CoinType = coinType,
            SubsidyHalvingInterval = halvingInterval,
            PowLimit = new Target(new uint256(powLimitHex.PadRight(64, 'f'))),
            PowTargetTimespan = TimeSpan.FromDays(3.5),
            PowTargetSpacing = TimeSpan.FromMinutes(2.5),
            MinerConfirmationWindow = confirmationWindow,
            RuleChangeActivationThreshold = confirmationWindow * 3 / 4,
            CoinbaseMaturity = 100,
            LitecoinWorkCalculation = true,
            SupportSegwit = true,
            SupportTaproot = true,
        };

    // Built the way Litecoin Core's CreateGenesisBlock builds it, so the hash check in the tests proves the parameters.
    private static string Genesis(uint unixTime, uint nonce, uint bits)
    {
        var factory = Consensus.Main.ConsensusFactory;
        var coinbase = factory.CreateTransaction();
        coinbase.Version = 1;
        var timestamp = System.Text.Encoding.UTF8.GetBytes(GenesisTimestamp);

        // Core's scriptSig: the number 486604799, then the 4 as one byte of data (not OP_4), then the headline.
        coinbase.Inputs.Add(new TxIn(new Script([0x04, 0xff, 0xff, 0x00, 0x1d, 0x01, 0x04, (byte)timestamp.Length, .. timestamp])));
        coinbase.Outputs.Add(
            NBitcoin.Money.Coins(50),
            new Script(Op.GetPushOp(Convert.FromHexString(GenesisOutputKey)), OpcodeType.OP_CHECKSIG));

        var block = factory.CreateBlock();
        block.Header.Version = 1;
        block.Header.HashPrevBlock = uint256.Zero;
        block.Header.BlockTime = DateTimeOffset.FromUnixTimeSeconds(unixTime);
        block.Header.Bits = new Target(bits);
        block.Header.Nonce = nonce;
        block.Transactions.Add(coinbase);
        block.UpdateMerkleRoot();
        return Convert.ToHexStringLower(block.ToBytes());
    }
}
