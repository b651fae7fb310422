using AlatauPay.Api.Tests;

namespace AlatauPay.Cli.Tests;

/// <summary>
/// <c>alatau chain</c> against a real gateway whose chains issue addresses but have no node: the watcher
/// scenarios with live nodes are in the end-to-end tests.
/// </summary>
public sealed class ChainCommandTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task StatusListsEveryConfiguredChainAndWhetherItIsWatched()
    {
        var (code, output) = await CliRun.RunAsync(CliRun.Online(gateway, "chain", "status"));

        Assert.Equal(0, code);
        Assert.Contains("BTC", output, StringComparison.Ordinal);
        Assert.Contains("LTC", output, StringComparison.Ordinal);
        Assert.Contains("false", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RescanOfAChainWithoutAWatcherIsRefusedWithTheReason()
    {
        var (code, output) = await CliRun.RunAsync(CliRun.Online(gateway, "chain", "rescan", "LTC", "--from", "100"));

        Assert.Equal(1, code);
        Assert.Contains("chain-not-watched", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAServerItSaysWhatIsMissing()
    {
        var (code, output) = await CliRun.RunAsync("chain", "status", "--key", GatewayHost.AdminKey);

        Assert.Equal(2, code);
        Assert.Contains("--server", output, StringComparison.Ordinal);
    }
}
