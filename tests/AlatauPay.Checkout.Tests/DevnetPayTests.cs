using AlatauPay.Cli;
using AlatauPay.Cli.Devnet;

namespace AlatauPay.Checkout.Tests;

/// <summary><c>alatau devnet pay</c> refusing cleanly, before it touches the gateway or a node.</summary>
public sealed class DevnetPayTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("alataupay-devnet-pay-").FullName;

    [Theory]
    [InlineData("ETH")]
    [InlineData("USDT")]
    [InlineData("usdc")]
    public async Task EthereumMethodsAreRefusedWhenTheDevnetRunsNoAnvil(string method)
    {
        await LitecoinOnlyDevnet().SaveAsync(folder, CancellationToken.None);

        var (code, output) = await RunAsync("devnet", "pay", "inv_any", "--method", method, "--devnet", folder);

        Assert.Equal(AlatauCli.NotVerified, code);
        Assert.Contains($"this devnet runs no Ethereum node (anvil), so {method.ToUpperInvariant()} cannot be paid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BitcoinIsRefusedWhenTheDevnetRunsNoBitcoinNode()
    {
        await LitecoinOnlyDevnet().SaveAsync(folder, CancellationToken.None);

        var (code, output) = await RunAsync("devnet", "pay", "inv_any", "--method", "BTC", "--devnet", folder);

        Assert.Equal(AlatauCli.NotVerified, code);
        Assert.Contains("no Bitcoin node", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownMethodIsNamedWithTheChoices()
    {
        await LitecoinOnlyDevnet().SaveAsync(folder, CancellationToken.None);

        var (code, output) = await RunAsync("devnet", "pay", "inv_any", "--method", "DOGE", "--devnet", folder);

        Assert.Equal(AlatauCli.NotVerified, code);
        Assert.Contains("'DOGE' is not a payment method; use one of BTC, LTC, ETH, USDT, USDC", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutADevnetItSaysHowToStartOne()
    {
        var (code, output) = await RunAsync("devnet", "pay", "inv_any", "--method", "LTC", "--devnet", Path.Combine(folder, "missing"));

        Assert.Equal(AlatauCli.CouldNotRun, code);
        Assert.Contains("start one with ops/devnet", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDepartmentKeyIsGeneratedOnceAndKeptPublic()
    {
        var first = DevnetAccountKey.LoadOrCreate(folder);
        var second = DevnetAccountKey.LoadOrCreate(folder);

        Assert.Equal(first, second);
        Assert.StartsWith("tpub", first, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, DevnetAccountKey.FileName)));
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>A devnet nobody answers for: every refusal tested here comes before the first connection.</summary>
    private static DevnetState LitecoinOnlyDevnet() =>
        new("http://127.0.0.1:1/", "dev_key", new Dictionary<string, DevnetNode> { ["LTC"] = new("http://127.0.0.1:1/", "u", "p", "devnet") });

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var code = await AlatauCli.RunAsync(args, output, output, CancellationToken.None);
        return (code, output.ToString().ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal));
    }
}
