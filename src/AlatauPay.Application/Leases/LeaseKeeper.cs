using AlatauPay.Application.Ports;

namespace AlatauPay.Application.Leases;

/// <summary>
/// One singleton job's hold on its lease. <see cref="HoldAsync"/> takes the lease when it is free; from then on
/// a heartbeat beside the job renews it a third of the way through its duration (<see cref="LeaseHeartbeat"/>),
/// however long a pass runs, until the lease is lost or released. The job runs its work with <see cref="Lost"/>
/// in its cancellation token, so work stops as soon as the heartbeat finds the lease gone, and fences its writes
/// with <see cref="Current"/>, so a write already under way when that happens is refused (decision 42).
/// </summary>
public sealed class LeaseKeeper(ILeaseStore leases, string name, string holder, TimeSpan duration, TimeProvider clock) : IAsyncDisposable
{
    private static readonly CancellationToken NotHeld = new(canceled: true);

    // Cancelled when the lease is lost or given up. A term's source is never disposed: work started under it
    // may still hold its token, and it owns no timer.
    private CancellationTokenSource? term;
    private Task heartbeat = Task.CompletedTask;

    public string Name => name;

    /// <summary>The lease this instance holds or last held; null when it holds none.</summary>
    public Lease? Current { get; private set; }

    /// <summary>Why the last <see cref="HoldAsync"/> could not ask the lease store (Redis down, say); null when it could.</summary>
    public Exception? StoreFailure { get; private set; }

    /// <summary>Why the heartbeat last counted the lease lost (another holder, or the store's silence); null until it has.</summary>
    public string? Loss { get; private set; }

    /// <summary>Cancelled when the lease held is lost or given up; already cancelled when none is held.</summary>
    public CancellationToken Lost => term?.Token ?? NotHeld;

    /// <summary>
    /// True when this instance holds the lease: still held (the heartbeat keeps it), renewed, or taken now
    /// because it was free. A lease store that does not answer counts as not holding it (see
    /// <see cref="StoreFailure"/>): the job pauses instead of failing, and asks again on its next pass. A lease
    /// lost to the store's silence is renewed if the store answers before it expired there, or else taken anew
    /// with a higher token (decision 41).
    /// </summary>
    public async Task<bool> HoldAsync(CancellationToken cancellationToken)
    {
        if (term is { IsCancellationRequested: false })
        {
            return true;
        }

        await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var askedAt = clock.GetTimestamp();
        try
        {
            Current = Current is null
                ? await leases.TryAcquireAsync(name, holder, duration, cancellationToken)
                : await leases.RenewAsync(Current, duration, cancellationToken) ?? await leases.TryAcquireAsync(name, holder, duration, cancellationToken);
            StoreFailure = null;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            StoreFailure = failure;
            return false;
        }

        if (Current is null)
        {
            return false;
        }

        var held = new CancellationTokenSource();
        term = held;
        heartbeat = BeatUntilLostAsync(new LeaseHeartbeat(leases, Current, duration, clock, askedAt), held);
        return true;
    }

    /// <summary>
    /// Ends the term whose <see cref="Lost"/> token <paramref name="lost"/> is, when the job learned by other means
    /// that the lease is gone (the fence refused a write); the next <see cref="HoldAsync"/> asks the store again.
    /// A later term, taken since, is left alone.
    /// </summary>
    public void Forfeit(CancellationToken lost)
    {
        if (term is { } current && current.Token == lost)
        {
            current.Cancel();
        }
    }

    /// <summary>Gives the lease up, so another instance takes the job over at once instead of after expiry.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        await StopBeatingAsync();
        if (Current is { } lease)
        {
            Current = null;
            await leases.ReleaseAsync(lease, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync() => await StopBeatingAsync();

    private async Task StopBeatingAsync()
    {
        if (term is not null)
        {
            await term.CancelAsync();
        }

        await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task BeatUntilLostAsync(LeaseHeartbeat beats, CancellationTokenSource held)
    {
        try
        {
            while (true)
            {
                var wait = beats.UntilNextBeat;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, held.Token);
                }

                if (!await beats.BeatAsync(held.Token))
                {
                    break;
                }

                Current = beats.Lease;
            }

            Loss = beats.Loss;
            await held.CancelAsync();
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested)
        {
            // Given up (released or forfeited): there is nothing left to renew.
        }
    }
}

/// <summary>This gateway process, as lease holders are named: host, process and a per-start nonce.</summary>
public sealed class GatewayInstance
{
    public string Id { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    public LeaseKeeper Keeper(ILeaseStore leases, string name, LeaseOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new LeaseKeeper(leases, name, Id, options.Duration, clock);
    }
}
