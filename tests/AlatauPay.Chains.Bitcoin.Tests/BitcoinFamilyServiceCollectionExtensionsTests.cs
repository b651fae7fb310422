using AlatauPay.Application.Chains;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Chains.Bitcoin.Tests;

public sealed class BitcoinFamilyServiceCollectionExtensionsTests
{
    [Fact]
    public void RegistersBtcAndLtcProvidersOnTheirConfiguredNetworks()
    {
        var providers = Register(new()
        {
            ["AlatauPay:Chains:BTC:Network"] = "regtest",
            ["AlatauPay:Chains:LTC:Network"] = "main",
        });

        Assert.Equal(["BTC:regtest", "LTC:main"], providers.Select(p => $"{p.WalletChain}:{p.Network}").Order());
    }

    [Fact]
    public void LeavesTheNetworkNullWhenNotConfigured()
    {
        var providers = Register([]);

        Assert.All(providers, p => Assert.Null(p.Network));
        Assert.Equal(["BTC", "LTC"], providers.Select(p => p.Method.Code).Order());
    }

    [Fact]
    public void AcceptsSignetForBitcoinOnly()
    {
        Assert.Contains(Register(new() { ["AlatauPay:Chains:BTC:Network"] = "signet" }), p => p.Network == "signet");

        var error = Assert.Throws<InvalidOperationException>(() => Register(new() { ["AlatauPay:Chains:LTC:Network"] = "signet" }));
        Assert.Contains("AlatauPay:Chains:LTC:Network", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailsAtStartNamingTheSettingWhenTheNetworkIsUnknown()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Register(new() { ["AlatauPay:Chains:BTC:Network"] = "mainnet" }));

        Assert.Contains("AlatauPay:Chains:BTC:Network", error.Message, StringComparison.Ordinal);
    }

    private static List<IPaymentMethodProvider> Register(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddBitcoinFamilyChains(new DictionaryConfiguration(settings))
            .Where(d => d.ServiceType == typeof(IPaymentMethodProvider))
            .Select(d => Assert.IsType<BitcoinFamilyPaymentMethodProvider>(d.ImplementationInstance))
            .Cast<IPaymentMethodProvider>()
            .ToList();
}
