using System.Diagnostics;
using AlatauPay.Application.Ports;

namespace AlatauPay.Api.Webhooks;

/// <summary>
/// Wakes the dispatcher when events commit or an attempt ends, so delivery does not wait for the next poll.
/// Commits come one per write batch, hundreds a second under load, and each pass costs reads and wake-ups
/// whether or not there is anything to deliver: so a commit's wake-up starts a pass no sooner than
/// <see cref="CommitCoalescing"/> after the last one began, and the events of every commit in between go out in
/// that one pass (decision 47). An attempt that ends wakes a pass at once: its endpoint's next delivery is due,
/// and a backlog drains at the pace of the receiver's answers.
/// </summary>
internal sealed class DispatchSignal(TimeSpan commitCoalescing) : IOutboxSignal, IDisposable
{
    private readonly SemaphoreSlim wake = new(0, 1);
    private int endpointFreed;

    public DispatchSignal()
        : this(CommitCoalescing)
    {
    }

    public static TimeSpan CommitCoalescing { get; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Events committed.</summary>
    public void Notify() => Wake();

    /// <summary>An attempt ended: its endpoint may take its next delivery.</summary>
    public void NotifyEndpointFreed()
    {
        Volatile.Write(ref endpointFreed, 1);
        Wake();
    }

    /// <summary>
    /// Waits for a notification or the poll interval, whichever comes first; then, unless an endpoint is freed,
    /// until the coalescing interval has passed since <paramref name="passStarted"/> (a <see cref="Stopwatch"/> timestamp).
    /// </summary>
    public async Task WaitAsync(TimeSpan poll, long passStarted, CancellationToken cancellationToken)
    {
        await wake.WaitAsync(poll, cancellationToken);
        while (Interlocked.Exchange(ref endpointFreed, 0) == 0)
        {
            var early = commitCoalescing - Stopwatch.GetElapsedTime(passStarted);
            if (early <= TimeSpan.Zero || !await wake.WaitAsync(early, cancellationToken))
            {
                return;
            }

            // Another commit inside the interval: the pass to come covers it as well.
        }
    }

    public void Dispose() => wake.Dispose();

    private void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake: one pending wake-up covers every notification before it is taken.
        }
    }
}
