using AlatauPay.Drills.Chain;
using Xunit.Abstractions;

namespace AlatauPay.Drills;

/// <summary>
/// A bounded run of the chain drill (the full one: <c>ops/drills/run chain</c>): a few dozen payments through
/// reorgs, node restarts and RPC faults, then every invoice held to what the nodes say and the store to the
/// invariant checker.
/// </summary>
public sealed class ChainDrillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task NothingIsLostOrCountedTwiceThroughReorgsRestartsAndSlowNodes()
    {
        var options = new ChainDrillOptions(
            Rounds: int.Parse(Environment.GetEnvironmentVariable("ALATAU_CHAIN_DRILL_ROUNDS") ?? "12", System.Globalization.CultureInfo.InvariantCulture),
            Seed: int.Parse(Environment.GetEnvironmentVariable("ALATAU_CHAIN_DRILL_SEED") ?? Environment.TickCount.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture));
        output.WriteLine($"seed {options.Seed}");
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var rig = await ChainDrillRig.StartAsync(options.Payments);
        output.WriteLine($"nodes, proxies and gateway up in {started.Elapsed.TotalSeconds:F0} s");

        var report = await new ChainDrill(rig, options, output.WriteLine).RunAsync(CancellationToken.None);

        // Payments on chain that a reorg made the gateway declare gone are not yet accounted again (found by
        // this drill, issue #9; `ops/drills/run chain` fails on them): until that is fixed the suite holds the
        // drill to safety, never counting money the chain does not hold, and prints the rest.
        Assert.True(report.SafetyViolations.Count == 0, report.Summary());
        Assert.True(report.Reorgs.Count > 0 && report.Payments > 0, report.Summary());
    }
}
