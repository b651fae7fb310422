using Xunit.Abstractions;

namespace AlatauPay.Drills;

/// <summary>
/// The webhooks drill of <c>ops/drills/run webhooks</c>, bounded: 20 events over 4 gateway restarts (2 SIGKILL,
/// 2 SIGTERM) against receivers that fail, hang, answer past the timeout or answer 410, beside two healthy ones.
/// It needs no chain node, so it takes about half a minute.
/// </summary>
public sealed class WebhookDrillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryEventReachesEveryHealthyEndpointThroughRestartsAndHostileReceivers()
    {
        var result = await Drills.WebhooksAsync(events: 20, restarts: 4, DrillStore.Sqlite, seed: 9, new DrillTests.OutputWriter(output));

        var text = Describe(result);
        output.WriteLine(text);
        Assert.True(result.Violations == 0, text);
        Assert.Equal(20, result.Invoices);
        Assert.StartsWith("drill webhooks: 4 gateway restarts (2 SIGKILL, 2 SIGTERM, sqlite), 20 events × 6 endpoints", result.Verdict, StringComparison.Ordinal);
        Assert.EndsWith(", 0 violations", result.Verdict, StringComparison.Ordinal);
    }

    private static string Describe(DrillResult result)
    {
        using var text = new StringWriter();
        result.Print(text);
        return text.ToString();
    }
}
