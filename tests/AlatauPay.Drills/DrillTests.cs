using Xunit.Abstractions;

namespace AlatauPay.Drills;

/// <summary>
/// Bounded versions of the drills, for the suite: the same code as <c>ops/drills/run</c> with few faults. Each
/// starts litecoind (mined past MWEB), anvil and its store and waits for every paid invoice to settle, so each
/// takes one to three minutes on the shared 2-core machine (about 8 minutes for the three, measured while a
/// full drill ran beside them); the full runs (100 kills and more) are in docs/reliability.md and run apart.
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

    /// <summary>PostgreSQL's half of the database drill; SQLite's (killing its host process) is the test above.</summary>
    [Fact]
    public async Task PostgresRestartsUnderLoadLoseAndDoubleNothing()
    {
        var result = await Drills.DatabaseAsync(3, seed: 9, new OutputWriter(output), sqlite: false);

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
    internal sealed class OutputWriter(ITestOutputHelper output) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void WriteLine(string? value) => output.WriteLine(value ?? "");
    }
}
