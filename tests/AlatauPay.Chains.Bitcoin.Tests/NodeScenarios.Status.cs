using AlatauPay.Application.Chains;
using AlatauPay.Testing;

namespace AlatauPay.Chains.Bitcoin.Tests;

public abstract partial class NodeScenarios
{
    [RegtestFact]
    public async Task ReportsRegtestTipAndSync()
    {
        var status = await Connect().GetStatusAsync(Token);

        Assert.Equal("regtest", status.Network);
        Assert.Equal(await Node.GetBlockCountAsync(), status.TipHeight);
        Assert.Equal(await Node.GetBestBlockHashAsync(), status.TipHash);
        Assert.True(status.Synced);
    }

    [RegtestFact]
    public async Task RefusesNodeOnAnotherNetworkNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<ChainConfigurationException>(() => Connect(network: "main").GetStatusAsync(Token));

        Assert.Contains($"AlatauPay:Chains:{Node.Chain}:Network", error.Message, StringComparison.Ordinal);
        Assert.Contains("'main'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'regtest'", error.Message, StringComparison.Ordinal);
    }

    [RegtestFact]
    public async Task RefusesWrongPasswordNamingTheSettingsWithoutTheSecret()
    {
        var node = Connect(rpc => rpc.Password = "not-the-password");

        var error = await Assert.ThrowsAsync<ChainConfigurationException>(() => node.GetStatusAsync(Token));

        Assert.Contains($"AlatauPay:Chains:{Node.Chain}:Rpc:User", error.Message, StringComparison.Ordinal);
        Assert.Contains($"AlatauPay:Chains:{Node.Chain}:Rpc:Password", error.Message, StringComparison.Ordinal);
        Assert.Contains($"AlatauPay:Chains:{Node.Chain}:Rpc:CookieFile", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", error.Message, StringComparison.Ordinal);
    }

    [RegtestFact]
    public async Task AuthenticatesWithTheCookieFileAndRereadsItAfterTheNodeRestarts()
    {
        var node = Connect(rpc => (rpc.User, rpc.Password, rpc.CookieFile) = (null, null, Node.CookieFile));
        var before = await node.GetStatusAsync(Token);

        await Node.StopAsync();
        await Node.StartAsync();
        var after = await node.GetStatusAsync(Token);

        Assert.Equal(before.TipHash, after.TipHash);
    }

    [RegtestFact]
    public async Task RefusesAStaleCookieNamingTheCookieSetting()
    {
        var cookie = Path.Combine(Node.DataDirectory, "stale.cookie");
        await File.WriteAllTextAsync(cookie, "__cookie__:0000", Token);
        var node = Connect(rpc => (rpc.User, rpc.Password, rpc.CookieFile) = (null, null, cookie));

        var error = await Assert.ThrowsAsync<ChainConfigurationException>(() => node.GetStatusAsync(Token));

        Assert.Contains($"AlatauPay:Chains:{Node.Chain}:Rpc:CookieFile", error.Message, StringComparison.Ordinal);
    }

    [RegtestFact]
    public async Task ReturnsNoHashAboveTheTip()
    {
        var node = Connect();
        var tip = await Node.GetBlockCountAsync();

        Assert.Equal(await Node.GetBestBlockHashAsync(), await node.GetBlockHashAsync(tip, Token));
        Assert.Null(await node.GetBlockHashAsync(tip + 1, Token));
    }

    [RegtestFact]
    public async Task IsUnavailableWhileTheNodeIsStoppedAndWorksAgainAfterItRestarts()
    {
        var node = Connect();
        await node.GetStatusAsync(Token);

        await Node.StopAsync();
        try
        {
            await Assert.ThrowsAsync<ChainUnavailableException>(() => node.GetStatusAsync(Token));
            await Assert.ThrowsAsync<ChainUnavailableException>(() => node.GetMempoolAsync(new ScriptWatchList(), Token));
        }
        finally
        {
            await Node.StartAsync();
        }

        Assert.Equal(await Node.GetBestBlockHashAsync(), (await node.GetStatusAsync(Token)).TipHash);
    }
}
