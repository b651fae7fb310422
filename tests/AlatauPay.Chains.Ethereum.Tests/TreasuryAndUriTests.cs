using AlatauPay.Application.Chains;
using AlatauPay.Application.Common;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;
using AlatauPay.Domain.Invoices;

namespace AlatauPay.Chains.Ethereum.Tests;

public sealed class TreasuryAndUriTests
{
    private const string Factory = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private const string Treasury = "0x8ba1f109551bD432803012645Ac136ddd64DBA72";
    private const string Usdt = "0xdAC17F958D2ee523a2206206994597C13D831ec7";

    private static readonly EvmChainOptions Mainnet = new()
    {
        ChainId = 1,
        ForwarderFactory = Factory,
        Tokens = [new EvmToken(Currency.USDT, Usdt, 6)],
    };

    [Theory]
    [InlineData("0x8ba1f109551bd432803012645ac136ddd64dba72", EvmPaymentMethodProvider.BadChecksum)]
    [InlineData("0x8Ba1f109551bD432803012645Ac136ddd64DBA72", EvmPaymentMethodProvider.BadChecksum)]
    [InlineData("0x0000000000000000000000000000000000000000", EvmPaymentMethodProvider.ZeroAddress)]
    [InlineData("8ba1f109551bD432803012645Ac136ddd64DBA72", EvmPaymentMethodProvider.Malformed)]
    [InlineData("0x8ba1f109551bD432803012645Ac136ddd64DBA7", EvmPaymentMethodProvider.Malformed)]
    [InlineData("0xZZa1f109551bD432803012645Ac136ddd64DBA72", EvmPaymentMethodProvider.Malformed)]
    public void RefusesTreasuriesThatAreNotChecksummedNonZeroAddresses(string treasury, string code)
    {
        var refused = Assert.Throws<RequestInvalidException>(() => Provider(Currency.ETH).ParseWalletKey(treasury, "wallets.ETH.treasury"));

        var error = Assert.Single(refused.Errors);
        Assert.Equal(("wallets.ETH.treasury", code), (error.Field, error.Code));
    }

    [Fact]
    public void AcceptsAChecksummedTreasury()
    {
        var key = Provider(Currency.ETH).ParseWalletKey(Treasury, "wallets.ETH.treasury");

        Assert.Equal((Treasury, "8ba1f109"), (key.ExtendedKey, key.Fingerprint));
    }

    [Fact]
    public void EtherUriAsksForWeiOnTheChain()
    {
        var invoice = InvoiceId.New();
        var target = Provider(Currency.ETH).Derive(new WatchOnlyKey(Treasury, "8ba1f109"), new DepositContext(invoice, 3), Money.Parse("0.012", Currency.ETH));

        Assert.Equal(new ForwarderAddresses(Factory).AddressOf(invoice, Treasury), target.Address);
        Assert.Equal($"ethereum:{target.Address}@1?value=12000000000000000", target.PaymentUri);
        Assert.Equal(3, target.DerivationIndex);
    }

    [Fact]
    public void TokenUriCallsTransferOnTheTokenContract()
    {
        var invoice = InvoiceId.New();
        var eth = Provider(Currency.ETH).Derive(new WatchOnlyKey(Treasury, "8ba1f109"), new DepositContext(invoice, 0), Money.Parse("1", Currency.ETH));
        var target = Provider(Currency.USDT).Derive(new WatchOnlyKey(Treasury, "8ba1f109"), new DepositContext(invoice, 1), Money.Parse("25.5", Currency.USDT));

        Assert.Equal(eth.Address, target.Address);
        Assert.Equal($"ethereum:{Usdt}@1/transfer?address={target.Address}&uint256=25500000", target.PaymentUri);
    }

    [Fact]
    public void TokenWithoutAContractIsUnavailable()
    {
        Assert.Null(Provider(Currency.USDC).Network);
        Assert.Equal("1", Provider(Currency.USDT).Network);
    }

    [Theory]
    [InlineData("high", 1)]
    [InlineData("medium", 12)]
    [InlineData("low-medium", 32)]
    [InlineData("low", 64)]
    public void PoliciesMapOntoBlockDepths(string policy, int depth)
    {
        IPaymentMethodProvider provider = Provider(Currency.USDT);

        Assert.Equal(depth, provider.RequiredConfirmations(SpeedPolicies.Parse(policy), 6, null));
    }

    [Fact]
    public void ADepartmentsOwnDepthReplacesThePolicy()
    {
        IPaymentMethodProvider provider = Provider(Currency.ETH);

        Assert.Equal(3, provider.RequiredConfirmations(SpeedPolicy.Low, 6, WalletConfirmations.Blocks(3)));
    }

    [Fact]
    public void FinalityIsTheDepthOfTheFinalizedBlockOnceTheNodeHasSaidWhereItIs()
    {
        var finality = new EvmFinality();
        IPaymentMethodProvider provider = new EvmPaymentMethodProvider(Currency.ETH, Mainnet, new ForwarderAddresses(Factory), finality);

        Assert.Equal(12, provider.RequiredConfirmations(SpeedPolicy.Medium, 1, WalletConfirmations.Finalized));
        finality.Observe(tipHeight: 100, finalizedHeight: 36);
        Assert.Equal(65, provider.RequiredConfirmations(SpeedPolicy.Medium, 1, WalletConfirmations.Finalized));
        Assert.True(finality.MarkUnsupported());
        Assert.False(finality.MarkUnsupported());
        Assert.Equal(64, provider.RequiredConfirmations(SpeedPolicy.Low, 1, WalletConfirmations.Finalized));
    }

    [Fact]
    public void AddressDependsOnInvoiceAndTreasury()
    {
        var forwarders = new ForwarderAddresses(Factory);
        var invoice = InvoiceId.New();

        Assert.NotEqual(forwarders.AddressOf(invoice, Treasury), forwarders.AddressOf(InvoiceId.New(), Treasury));
        Assert.NotEqual(forwarders.AddressOf(invoice, Treasury), forwarders.AddressOf(invoice, "0x5FbDB2315678afecb367f032d93F642f64180aa3"));
    }

    private static EvmPaymentMethodProvider Provider(Currency method) => new(method, Mainnet, new ForwarderAddresses(Factory));
}
