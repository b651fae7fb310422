using AlatauPay.Application.Chains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

    [Fact]
    public void SaysOnceForEachConfiguredChainThatAddressesGoThroughLibsecp256k1()
    {
        var logger = new RecordingLogger<BitcoinFamilyPaymentMethodProvider>();
        using var provider = new ServiceCollection()
            .AddSingleton<ILogger<BitcoinFamilyPaymentMethodProvider>>(logger)
            .AddBitcoinFamilyChains(new DictionaryConfiguration(new Dictionary<string, string?> { ["AlatauPay:Chains:LTC:Network"] = "regtest" }))
            .BuildServiceProvider();

        Assert.Equal(2, provider.GetServices<IPaymentMethodProvider>().Count());
        Assert.Equal(2, provider.GetServices<IPaymentMethodProvider>().Count());

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.StartsWith("LTC deposit addresses are derived through the system's libsecp256k1 (libsecp256k1.so", entry.Message, StringComparison.Ordinal);
    }

    // Registration builds each provider at once, so a bad network fails composing the host, before any resolve.
    private static List<IPaymentMethodProvider> Register(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection().AddBitcoinFamilyChains(new DictionaryConfiguration(settings));
        using var provider = services.BuildServiceProvider();
        return [.. provider.GetServices<IPaymentMethodProvider>().Select(Assert.IsType<BitcoinFamilyPaymentMethodProvider>)];
    }
}
