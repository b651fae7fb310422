using Xunit.Abstractions;

namespace AlatauPay.Drills;

/// <summary>
/// Bounded versions of the drills, for the suite: the same code as <c>ops/drills/run</c> with few faults. Each
/// starts litecoind, anvil and its store, so each takes a minute or two on this machine; the full runs
/// (100 kills and more) are documented in docs/reliability.md and run apart.
/// </summary>
public sealed class DrillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TenGatewayKillsUnderLoadLoseAndDoubleNothing()
    {
        var result = await Drills.CrashAsync(10, DrillStore.Sqlite, seed: 9, new OutputWriter(output));

        Assert.True(result.Violations == 0, Describe(result));
        Assert.True(result.Invoices > 0 && result.Payments > 0, Describe(result));
    }

    [Fact]
    public async Task DatabaseRestartsUnderLoadLoseAndDoubleNothing()
    {
        var result = await Drills.DatabaseAsync(3, seed: 9, new OutputWriter(output));

        Assert.True(result.Violations == 0, Describe(result));
        Assert.True(result.Invoices > 0, Describe(result));
    }

    [Fact]
    public async Task RedisLossAndAPausedLeaderLoseAndDoubleNothing()
    {
        var result = await Drills.RedisAsync(2, 2, seed: 9, new OutputWriter(output));

        Assert.True(result.Violations == 0, Describe(result));
        Assert.True(result.Invoices > 0, Describe(result));
    }

    private static string Describe(DrillResult result)
    {
        using var text = new StringWriter();
        result.Print(text);
        return text.ToString();
    }

    /// <summary>Progress lines to the test's output.</summary>
    private sealed class OutputWriter(ITestOutputHelper output) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void WriteLine(string? value) => output.WriteLine(value ?? "");
    }
}
