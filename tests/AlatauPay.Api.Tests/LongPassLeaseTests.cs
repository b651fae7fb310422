using System.Diagnostics;
using AlatauPay.Testing;

namespace AlatauPay.Api.Tests;

/// <summary>
/// Gateway processes watching Litecoin regtest through a proxy that slows every answer of the node, so one poll
/// of the watcher runs for several lease durations (2 s). The holder keeps its lease beside the poll the whole
/// time; when the lease is taken from it in the middle of a poll, or its lease store falls silent until the lease
/// would have run out, the poll stops there (decisions 41 and 42).
/// </summary>
[Collection(PaymentChains.Collection)]
public sealed class LongPassLeaseTests(PaymentChains chains) : IAsyncDisposable
{
    private const string Lease = "watch:LTC";
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromMilliseconds(40);

    // Blocks mined for a catch-up through the slowed node: enough that, on a loaded machine too, the catch-up is
    // still running when the lease is taken or its store stopped (with sixty, a full-suite run once saw the silent-store
    // test wait in vain for the poll to stop: most likely it had ended before Redis had).
    private const int CatchUpBlocks = 150;

    private readonly RpcFaultProxy node = RpcFaultProxy.Start(chains.Litecoin.RpcUrl);

    public async ValueTask DisposeAsync() => await node.DisposeAsync();

    [Fact]
    public async Task ALeaderRescanningForSeveralLeaseDurationsKeepsItsLeaseAndTokenThroughout()
    {
        await using var fleet = await StartFleetAsync("longpass", redis: null);
        var leader = fleet.Instances[0];
        var (_, token) = await fleet.WaitForHolderAsync(Lease, h => h == leader, "the first instance");
        await fleet.AddAsync(1);
        var tip = await CaughtUpAsync(fleet);

        // A rescan is one poll: every block from the height asked to our tip, each read from the slowed node.
        node.Fault = RpcFault.DelayAnswers;
        var rescan = await fleet.Client(leader).PostJsonAsync("/v1/chains/LTC/rescan", new { fromHeight = tip - 100 });
        await rescan.ExpectAsync(System.Net.HttpStatusCode.Accepted);
        await GatewayFleet.WaitForRescanStartAsync(leader);
        var poll = Stopwatch.StartNew();

        // Mined after the rescanning poll read the node's tip, this block is connected only by the poll after it.
        await chains.Litecoin.MineAsync(1);
        var holders = new List<(GatewayProcess? Holder, long Token)>();
        await Eventually.WaitAsync(
            async () =>
            {
                holders.Add(await fleet.HolderAsync(Lease));
                return await fleet.LitecoinHeightAsync() > tip;
            },
            "the rescanning poll ends and the next connects the new block",
            TimeSpan.FromSeconds(90));
        node.Fault = RpcFault.None;

        Assert.All(holders, h => Assert.Equal((leader, token), (h.Holder, h.Token)));
        Assert.True(
            poll.Elapsed > 3 * GatewayFleet.LeaseDuration,
            $"the rescanning poll took {poll.Elapsed.TotalSeconds:F1} s, not several lease durations: the test proves nothing");
        Assert.DoesNotContain("no longer current", leader.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("LTC: lost the watcher's lease", leader.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALeaderWhoseLeaseIsTakenInTheMiddleOfAPollStopsThereAndWritesNoBlockAfter()
    {
        await using var fleet = await StartFleetAsync("stolen", chains.Redis.Configuration);
        var (leader, token, tip) = await CatchingUpAsync(fleet);
        var stolenToken = await fleet.StealLeaseAsync(Lease, TimeSpan.FromMinutes(1));
        var stolen = Stopwatch.StartNew();
        await Eventually.WaitAsync(() => leader.Output.Contains("LTC: lost the watcher's lease", StringComparison.Ordinal), "the leader sees its lease gone", TimeSpan.FromSeconds(10));
        var noticedAfter = stolen.Elapsed;
        var stoppedAt = await fleet.LitecoinHeightAsync();

        // Nothing is there to wait for: the leader must stay still while the thief holds the lease.
        var heights = await HeightsSeenAsync(fleet, stoppedAt, noticedAfter + GatewayFleet.LeaseDuration - stolen.Elapsed);

        await fleet.ReturnStolenLeaseAsync(Lease);
        var (_, tokenAfter) = await fleet.WaitForHolderAsync(Lease, h => h == leader, "the leader, again,");
        await Eventually.WaitAsync(async () => await fleet.LitecoinHeightAsync() == tip + CatchUpBlocks, "the leader catches up again", TimeSpan.FromSeconds(120));
        node.Fault = RpcFault.None;

        Assert.True(noticedAfter < GatewayFleet.LeaseDuration, $"the leader noticed {noticedAfter.TotalSeconds:F1} s after its lease was taken");
        Assert.True(stoppedAt < tip + CatchUpBlocks, "the catch-up was over before the lease was taken: the test proves nothing");
        Assert.All(heights, h => Assert.Equal(stoppedAt, h));
        Assert.True(stolenToken > token && tokenAfter > stolenToken, $"tokens {token}, stolen {stolenToken}, after {tokenAfter} do not grow");
    }

    [Fact]
    public async Task ALeaderWhoseLeaseStoreFallsSilentInTheMiddleOfAPollStopsItOnceTheLeaseWouldHaveRunOut()
    {
        await using var fleet = await StartFleetAsync("silent", chains.Redis.Configuration);
        var (leader, token, tip) = await CatchingUpAsync(fleet);

        TimeSpan stoppedAfter;
        long stoppedAt;
        IReadOnlyList<long> heights;
        await chains.Redis.StopAsync();
        try
        {
            var silent = Stopwatch.StartNew();
            await Eventually.WaitAsync(() => leader.Output.Contains("LTC: lost the watcher's lease", StringComparison.Ordinal), "the leader stops its poll", TimeSpan.FromSeconds(15));
            stoppedAfter = silent.Elapsed;
            stoppedAt = await fleet.LitecoinHeightAsync();

            // Nothing is there to wait for: the leader must stay still while it cannot prove it holds the lease.
            heights = await HeightsSeenAsync(fleet, stoppedAt, stoppedAfter + GatewayFleet.LeaseDuration - silent.Elapsed);
        }
        finally
        {
            await chains.Redis.LaunchAsync();
        }

        var (_, tokenAfter) = await fleet.WaitForHolderAsync(Lease, h => h == leader, "the leader, again,");
        await Eventually.WaitAsync(async () => await fleet.LitecoinHeightAsync() == tip + CatchUpBlocks, "the leader catches up once Redis is back", TimeSpan.FromSeconds(120));
        node.Fault = RpcFault.None;

        Assert.True(
            stoppedAfter < GatewayFleet.LeaseDuration + TimeSpan.FromSeconds(1),
            $"the leader stopped {stoppedAfter.TotalSeconds:F1} s after Redis went silent; its lease lasts {GatewayFleet.LeaseDuration.TotalSeconds} s");
        var stop = leader.Output[leader.Output.IndexOf("LTC: lost the watcher's lease", StringComparison.Ordinal)..].Split('\n')[0];
        Assert.True(stop.Contains("store", StringComparison.Ordinal), stop);
        Assert.True(stoppedAt < tip + CatchUpBlocks, "the catch-up was over before Redis fell silent: the test proves nothing");
        Assert.All(heights, h => Assert.Equal(stoppedAt, h));
        Assert.True(tokenAfter > token, $"the token after the outage ({tokenAfter}) is not above the one before ({token})");
    }

    private async Task<GatewayFleet> StartFleetAsync(string database, string? redis)
    {
        var settings = new Dictionary<string, string?>(chains.Settings) { ["AlatauPay:Chains:LTC:Rpc:Url"] = node.Url.ToString() };
        node.AnswerDelay = SlowAnswer;
        node.Fault = RpcFault.None;
        return await GatewayFleet.StartAsync(await chains.Postgres.CreateDatabaseAsync(database), redis, settings);
    }

    /// <summary>Waits until the watcher has connected the node's tip; returns its height.</summary>
    /// <summary>
    /// The heights the fleet's watcher records over <paramref name="window"/>, in which nothing should move it from
    /// <paramref name="still"/>: the watch ends early at the first height that differs, which the caller's assertion reports.
    /// </summary>
    private static async Task<IReadOnlyList<long>> HeightsSeenAsync(GatewayFleet fleet, long still, TimeSpan window)
    {
        var heights = new List<long>();
        await Wait.ForAsync(
            async () =>
            {
                heights.Add(await fleet.LitecoinHeightAsync());
                return heights[^1] != still;
            },
            window);
        return heights;
    }

    /// <summary>
    /// The only instance, once it holds the lease and has reached the tip, in the middle of catching up <see cref="CatchUpBlocks"/> blocks
    /// from the slowed node: a poll (or a few) far longer than a lease. Returns it, its token and the tip it left.
    /// </summary>
    private async Task<(GatewayProcess Leader, long Token, long Tip)> CatchingUpAsync(GatewayFleet fleet)
    {
        var leader = fleet.Instances[0];
        var (_, token) = await fleet.WaitForHolderAsync(Lease, h => h == leader, "the instance");
        var tip = await CaughtUpAsync(fleet);
        node.Fault = RpcFault.DelayAnswers;
        await chains.Litecoin.MineAsync(CatchUpBlocks);
        await Eventually.WaitAsync(async () => await fleet.LitecoinHeightAsync() > tip + 3, "the leader is catching up", TimeSpan.FromSeconds(30));
        return (leader, token, tip);
    }

    private async Task<long> CaughtUpAsync(GatewayFleet fleet)
    {
        var tip = await chains.Litecoin.GetBlockCountAsync();
        await Eventually.WaitAsync(async () => await fleet.LitecoinHeightAsync() == tip, "the watcher reaches the node's tip", TimeSpan.FromSeconds(60));
        return tip;
    }
}
