using System.Diagnostics;
using AlatauPay.Api.Webhooks;

namespace AlatauPay.Api.Tests;

/// <summary>
/// The dispatcher's wake-ups (decision 47): commits are coalesced into one pass per interval, while an attempt that
/// ends starts the next pass at once. The interval here is an hour, so nothing below depends on timing.
/// </summary>
public sealed class DispatchSignalTests : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromHours(1);
    private readonly DispatchSignal signal = new(TimeSpan.FromHours(1));

    [Fact]
    public async Task ACommitSoonAfterAPassWaitsOutTheInterval()
    {
        using var stop = new CancellationTokenSource();
        signal.Notify();
        signal.Notify();

        var waiting = signal.WaitAsync(Poll, Stopwatch.GetTimestamp(), stop.Token);

        Assert.False(waiting.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void ACommitLongAfterThePassWakesAtOnce()
    {
        signal.Notify();

        var passLongAgo = Stopwatch.GetTimestamp() - (2 * 3600 * Stopwatch.Frequency);
        var waiting = signal.WaitAsync(Poll, passLongAgo, CancellationToken.None);

        Assert.True(waiting.IsCompletedSuccessfully);
    }

    [Fact]
    public void AnEndedAttemptWakesAtOnceEvenRightAfterAPass()
    {
        signal.Notify();
        signal.NotifyEndpointFreed();

        var waiting = signal.WaitAsync(Poll, Stopwatch.GetTimestamp(), CancellationToken.None);

        Assert.True(waiting.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AnAttemptEndingDuringTheIntervalEndsTheWaitAtOnce()
    {
        signal.Notify();
        var waiting = signal.WaitAsync(Poll, Stopwatch.GetTimestamp(), CancellationToken.None);
        signal.Notify();
        Assert.False(waiting.IsCompleted);

        signal.NotifyEndpointFreed();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task OneWakeUpCoversEveryNotificationBeforeIt()
    {
        using var stop = new CancellationTokenSource();
        signal.NotifyEndpointFreed();
        signal.NotifyEndpointFreed();
        await signal.WaitAsync(Poll, Stopwatch.GetTimestamp(), CancellationToken.None);

        var next = signal.WaitAsync(Poll, Stopwatch.GetTimestamp(), stop.Token);

        Assert.False(next.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }

    public void Dispose() => signal.Dispose();
}
