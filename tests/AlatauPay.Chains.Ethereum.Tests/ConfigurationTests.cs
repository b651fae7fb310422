using AlatauPay.Domain.Amounts;

namespace AlatauPay.Chains.Ethereum.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public void MainnetPrefillsTetherAndCircle()
    {
        var options = Read(new() { ["AlatauPay:Chains:ETH:ChainId"] = "1", ["AlatauPay:Chains:ETH:ForwarderFactory"] = "0x5FbDB2315678afecb367f032d93F642f64180aa3" });

        Assert.Equal("0xdAC17F958D2ee523a2206206994597C13D831ec7", options.TokenFor(Currency.USDT)!.Contract);
        Assert.Equal("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", options.TokenFor(Currency.USDC)!.Contract);
    }

    [Fact]
    public void DevnetAcceptsOnlyTokensConfiguredByAddress()
    {
        var options = Read(new()
        {
            ["AlatauPay:Chains:ETH:ChainId"] = "31337",
            ["AlatauPay:Chains:ETH:Tokens:USDT:Contract"] = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512",
        });

        Assert.Equal("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", options.TokenFor(Currency.USDT)!.Contract);
        Assert.Null(options.TokenFor(Currency.USDC));
    }

    [Theory]
    [InlineData("7", 7_000)]
    [InlineData("00:00:02.500", 2_500)]
    public void RpcTimeoutIsReadAsSecondsOrATimeSpanAsTheReadmeWritesIt(string text, int milliseconds)
    {
        var options = Read(new() { ["AlatauPay:Chains:ETH:ChainId"] = "31337", ["AlatauPay:Chains:ETH:Rpc:Timeout"] = text });

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), options.RpcTimeout);
    }

    [Theory]
    [InlineData("AlatauPay:Chains:ETH:Rpc:Timeout", "soon")]
    [InlineData("AlatauPay:Chains:ETH:Rpc:Timeout", "00:00:00")]
    [InlineData("AlatauPay:Chains:ETH:ChainId", "zero")]
    [InlineData("AlatauPay:Chains:ETH:ForwarderFactory", "0x1234")]
    [InlineData("AlatauPay:Chains:ETH:Tokens:USDT:Decimals", "18")]
    [InlineData("AlatauPay:Chains:ETH:Rpc:Url", "localhost:8545")]
    public void BadSettingFailsNamingIt(string key, string value)
    {
        var settings = new Dictionary<string, string?> { ["AlatauPay:Chains:ETH:ChainId"] = "1", [key] = value };

        var error = Assert.Throws<InvalidOperationException>(() => Read(settings));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static EvmChainOptions Read(Dictionary<string, string?> settings) =>
        EvmConfiguration.Read(new FlatConfiguration(settings));
}
