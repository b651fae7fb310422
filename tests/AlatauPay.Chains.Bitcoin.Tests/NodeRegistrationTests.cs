using AlatauPay.Application.Chains;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Chains.Bitcoin.Tests;

public sealed class NodeRegistrationTests
{
    [Fact]
    public void RegistersANodeOnlyForChainsWithAnRpcUrl()
    {
        using var provider = Compose(new()
        {
            ["AlatauPay:Chains:LTC:Network"] = "regtest",
            ["AlatauPay:Chains:LTC:Rpc:Url"] = "http://127.0.0.1:19443/",
            ["AlatauPay:Chains:LTC:Rpc:Timeout"] = "3",
            ["AlatauPay:Chains:BTC:Network"] = "regtest",
        });

        var node = Assert.Single(provider.GetServices<IChainNode>());
        Assert.Equal("LTC", node.Chain);
        Assert.Same(node, provider.GetRequiredKeyedService<IChainNode>("LTC"));
        Assert.Equal(2, provider.GetServices<IPaymentMethodProvider>().Count());
    }

    [Theory]
    [InlineData("AlatauPay:Chains:BTC:Rpc:Url", "not a url", "AlatauPay:Chains:BTC:Rpc:Url")]
    [InlineData("AlatauPay:Chains:BTC:Rpc:Timeout", "soon", "AlatauPay:Chains:BTC:Rpc:Timeout")]
    [InlineData("AlatauPay:Chains:BTC:Rpc:Timeout", "0", "AlatauPay:Chains:BTC:Rpc:Timeout")]
    public void RefusesBadRpcSettingsNamingThem(string key, string value, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Compose(new() { ["AlatauPay:Chains:BTC:Network"] = "regtest", [key] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesAnRpcUrlWithoutANetwork()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Compose(new() { ["AlatauPay:Chains:BTC:Rpc:Url"] = "http://127.0.0.1:18443/" }));

        Assert.Contains("AlatauPay:Chains:BTC:Network", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Compose(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddBitcoinFamilyChains(new DictionaryConfiguration(settings)).BuildServiceProvider();
}
