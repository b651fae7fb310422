using System.Diagnostics;
using AlatauPay.Application.Leases;
using AlatauPay.Application.Ports;
using AlatauPay.Testing;

namespace AlatauPay.Api.Tests;

/// <summary>
/// The heartbeat that keeps a singleton job's lease while a pass runs, beat by beat on a clock moved by hand, over
/// the in-process lease store on the same clock (behind a switch that makes it fail or hang, as Redis may).
/// </summary>
public sealed class LeaseHeartbeatTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    private readonly ManualClock clock = new();
    private readonly FaultyLeaseStore store;

    public LeaseHeartbeatTests()
    {
        store = new FaultyLeaseStore(new InProcessLeaseStore(clock));
    }

    [Fact]
    public async Task RenewsAThirdOfTheWayThroughSoThePassKeepsItsTokenForTenDurations()
    {
        var heartbeat = await HoldAsync();
        var token = heartbeat.Lease.Token;

        for (var beat = 0; beat < 30; beat++)
        {
            Assert.InRange(heartbeat.UntilNextBeat, TimeSpan.Zero, Duration / 3);
            clock.Advance(heartbeat.UntilNextBeat);
            Assert.True(await heartbeat.BeatAsync(CancellationToken.None), $"beat {beat} lost the lease: {heartbeat.Loss}");
            Assert.Null(await store.TryAcquireAsync("job", "other", Duration, CancellationToken.None));
        }

        Assert.Equal(token, heartbeat.Lease.Token);
        Assert.Equal(30, store.Renewals);
        clock.Advance(Duration);
        Assert.NotNull(await store.TryAcquireAsync("job", "other", Duration, CancellationToken.None));
    }

    [Fact]
    public async Task CountsTheLeaseLostAtTheFirstBeatAfterAnotherHolderTookIt()
    {
        var heartbeat = await HoldAsync();
        await store.ReleaseAsync(heartbeat.Lease, CancellationToken.None);
        var intruder = await store.TryAcquireAsync("job", "other", Duration, CancellationToken.None);

        clock.Advance(heartbeat.UntilNextBeat);
        var held = await heartbeat.BeatAsync(CancellationToken.None);

        Assert.False(held);
        Assert.True(intruder!.Token > heartbeat.Lease.Token);
        Assert.Contains("another holder", heartbeat.Loss, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountsTheLeaseLostWithoutAskingOnceItRanOutUnrenewed()
    {
        var heartbeat = await HoldAsync();

        clock.Advance(Duration);
        var held = await heartbeat.BeatAsync(CancellationToken.None);

        Assert.False(held);
        Assert.Equal(0, store.Renewals);
        Assert.Contains("ran out", heartbeat.Loss, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailingStoreLeavesTheLeaseHeldUntilItWouldHaveRunOutThenLost()
    {
        var heartbeat = await HoldAsync();
        store.Fault = LeaseStoreFault.Fail;

        clock.Advance(heartbeat.UntilNextBeat);
        Assert.True(await heartbeat.BeatAsync(CancellationToken.None));
        clock.Advance(heartbeat.UntilNextBeat);
        Assert.True(await heartbeat.BeatAsync(CancellationToken.None));
        Assert.NotNull(heartbeat.StoreFailure);
        var untilRunsOut = heartbeat.Remaining;
        Assert.InRange(heartbeat.UntilNextBeat, untilRunsOut - TimeSpan.FromSeconds(1), untilRunsOut);
        clock.Advance(untilRunsOut - TimeSpan.FromSeconds(1));
        Assert.True(await heartbeat.BeatAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(1));
        var held = await heartbeat.BeatAsync(CancellationToken.None);

        Assert.False(held);
        Assert.Contains("the lease store failed every renewal until it ran out", heartbeat.Loss, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStoreBackBeforeTheLeaseRanOutRenewsItWithTheSameToken()
    {
        var heartbeat = await HoldAsync();
        var token = heartbeat.Lease.Token;
        store.Fault = LeaseStoreFault.Fail;
        clock.Advance(heartbeat.UntilNextBeat);
        await heartbeat.BeatAsync(CancellationToken.None);
        clock.Advance(heartbeat.UntilNextBeat);
        await heartbeat.BeatAsync(CancellationToken.None);

        store.Fault = LeaseStoreFault.None;
        clock.Advance(heartbeat.UntilNextBeat - TimeSpan.FromSeconds(1));
        var held = await heartbeat.BeatAsync(CancellationToken.None);

        Assert.True(held);
        Assert.Null(heartbeat.StoreFailure);
        Assert.Equal(token, heartbeat.Lease.Token);
        Assert.InRange(heartbeat.Remaining, Duration - TimeSpan.FromSeconds(1), Duration);
    }

    [Fact]
    public async Task AStoreThatDoesNotAnswerLosesTheLeaseWhenItWouldHaveRunOut()
    {
        var heartbeat = await HoldAsync();
        store.Fault = LeaseStoreFault.Hang;
        clock.Advance(Duration - TimeSpan.FromMilliseconds(200));

        var waited = Stopwatch.StartNew();
        var held = await heartbeat.BeatAsync(CancellationToken.None);

        Assert.False(held);
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"the beat waited {waited.Elapsed.TotalSeconds:F1} s for a silent store");
        Assert.IsType<TimeoutException>(heartbeat.StoreFailure);
        Assert.Contains("did not answer", heartbeat.Loss, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheKeeperRenewsOnItsOwnAndCancelsLostWhenItsHeartbeatFindsTheLeaseTaken()
    {
        // Real timers drive the keeper's own loop, so its lease is short (but long beside a busy machine's stalls).
        var duration = TimeSpan.FromSeconds(3);
        await using var keeper = new LeaseKeeper(store, "job", "me", duration, clock);
        Assert.True(keeper.Lost.IsCancellationRequested, "Lost is cancelled while nothing is held");
        Assert.True(await keeper.HoldAsync(CancellationToken.None));
        var lost = keeper.Lost;
        await Wait.UntilAsync(() => store.Renewals >= 3, "the keeper renews on its own", TimeSpan.FromSeconds(15));
        Assert.False(lost.IsCancellationRequested);

        await store.ReleaseAsync(keeper.Current!, CancellationToken.None);
        var intruder = await store.TryAcquireAsync("job", "other", TimeSpan.FromMinutes(5), CancellationToken.None);
        await Wait.UntilAsync(() => lost.IsCancellationRequested, "the keeper sees its lease taken", TimeSpan.FromSeconds(10));

        Assert.NotNull(intruder);
        Assert.False(await keeper.HoldAsync(CancellationToken.None));
        await store.ReleaseAsync(intruder, CancellationToken.None);
        Assert.True(await keeper.HoldAsync(CancellationToken.None));
        Assert.True(keeper.Current!.Token > intruder.Token);
        await keeper.ReleaseAsync(CancellationToken.None);
        Assert.NotNull(await store.TryAcquireAsync("job", "other", TimeSpan.FromMinutes(5), CancellationToken.None));
    }

    [Fact]
    public async Task AJobForfeitingATermThatEndedLeavesTheTermTakenSinceAlone()
    {
        await using var keeper = new LeaseKeeper(store, "job", "me", Duration, clock);
        Assert.True(await keeper.HoldAsync(CancellationToken.None));
        var first = keeper.Lost;
        var token = keeper.Current!.Token;

        keeper.Forfeit(first);
        Assert.True(first.IsCancellationRequested);
        Assert.True(await keeper.HoldAsync(CancellationToken.None));
        var second = keeper.Lost;
        keeper.Forfeit(first);

        Assert.False(second.IsCancellationRequested);
        Assert.Equal(token, keeper.Current!.Token);
    }

    private async Task<LeaseHeartbeat> HoldAsync()
    {
        var askedAt = clock.GetTimestamp();
        var lease = await store.TryAcquireAsync("job", "me", Duration, CancellationToken.None);
        return new LeaseHeartbeat(store, lease!, Duration, clock, askedAt);
    }
}

internal enum LeaseStoreFault
{
    None,
    Fail,
    Hang,
}

/// <summary>A lease store in front of a real one that, on demand, fails every call or never answers, as an unreachable Redis does.</summary>
internal sealed class FaultyLeaseStore(ILeaseStore inner) : ILeaseStore
{
    private int renewals;

    public LeaseStoreFault Fault { get; set; }

    /// <summary>Renewals the real store answered.</summary>
    public int Renewals => Volatile.Read(ref renewals);

    public Task<Lease?> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken) =>
        Faulted<Lease?>() ?? inner.TryAcquireAsync(name, holder, duration, cancellationToken);

    public async Task<Lease?> RenewAsync(Lease lease, TimeSpan duration, CancellationToken cancellationToken)
    {
        var renewed = await (Faulted<Lease?>() ?? inner.RenewAsync(lease, duration, cancellationToken));
        Interlocked.Increment(ref renewals);
        return renewed;
    }

    public Task ReleaseAsync(Lease lease, CancellationToken cancellationToken) => Faulted<bool>() ?? inner.ReleaseAsync(lease, cancellationToken);

    private Task<T>? Faulted<T>() => Fault switch
    {
        LeaseStoreFault.Fail => Task.FromException<T>(new InvalidOperationException("The lease store is unreachable.")),
        LeaseStoreFault.Hang => new TaskCompletionSource<T>().Task,
        _ => null,
    };
}
