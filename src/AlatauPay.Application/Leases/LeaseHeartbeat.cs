using AlatauPay.Application.Ports;

namespace AlatauPay.Application.Leases;

/// <summary>
/// Keeps one held lease renewed while work runs under it, and says when it can no longer be counted on. It
/// renews a third of the way through the lease, so two renewals may fail before the lease runs out. It counts
/// the lease lost when a renewal finds another holder (the token moved on) or when the store has not answered
/// by the time the lease would have expired (decision 41: a store that does not answer means not holding).
/// That moment is reckoned on this process's monotonic clock from when the last successful renewal was asked,
/// which is no later than the moment the store itself lets the lease go, and is not moved by wall-clock steps.
/// </summary>
public sealed class LeaseHeartbeat
{
    private readonly ILeaseStore leases;
    private readonly TimeSpan duration;
    private readonly TimeProvider clock;
    private long lastAskedAt;
    private long heldSince;

    /// <param name="askedAt">
    /// The timestamp (<see cref="TimeProvider.GetTimestamp"/>) at which the store was asked for <paramref name="lease"/>:
    /// the lease is this holder's for at least its duration from then.
    /// </param>
    public LeaseHeartbeat(ILeaseStore leases, Lease lease, TimeSpan duration, TimeProvider clock, long askedAt)
    {
        this.leases = leases;
        this.duration = duration;
        this.clock = clock;
        Lease = lease;
        lastAskedAt = askedAt;
        heldSince = askedAt;
    }

    /// <summary>The lease as last renewed; its token never changes.</summary>
    public Lease Lease { get; private set; }

    /// <summary>How long the lease is certainly still this holder's; zero or less once it may have run out.</summary>
    public TimeSpan Remaining => duration - clock.GetElapsedTime(heldSince);

    /// <summary>Why the last renewal could not ask the store; null when it could.</summary>
    public Exception? StoreFailure { get; private set; }

    /// <summary>Why the lease counts as lost, once <see cref="BeatAsync"/> said so; null while it is held.</summary>
    public string? Loss { get; private set; }

    /// <summary>Until a third of the duration after the last renewal was asked, or until the lease runs out if that is sooner.</summary>
    public TimeSpan UntilNextBeat => Min((duration / 3) - clock.GetElapsedTime(lastAskedAt), Remaining);

    /// <summary>
    /// Renews the lease; false once it is lost (another holder has it, or the store stayed silent until it ran
    /// out). A store that fails or is slow while time remains leaves the lease held, to be renewed on the next beat.
    /// </summary>
    public async Task<bool> BeatAsync(CancellationToken cancellationToken)
    {
        var askedAt = clock.GetTimestamp();
        var remaining = Remaining;
        if (remaining <= TimeSpan.Zero)
        {
            return Lose(StoreFailure is { } failed ? RenewalsFailed(failed) : "it ran out before it could be renewed");
        }

        lastAskedAt = askedAt;
        using var runsOut = new CancellationTokenSource(remaining, clock);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runsOut.Token);
        try
        {
            // The store may ignore the token (Redis does); the wait does not.
            var renewed = await leases.RenewAsync(Lease, duration, giveUp.Token).WaitAsync(giveUp.Token);
            StoreFailure = null;
            if (renewed is null)
            {
                return Lose("the store no longer has it under this holder and token: another holder took it, or it was released");
            }

            Lease = renewed;
            heldSince = askedAt;
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            StoreFailure = new TimeoutException($"The lease store did not answer the renewal of {Lease.Name} before the lease ran out.");
            return Lose(StoreFailure.Message);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            StoreFailure = failure;
            return Remaining > TimeSpan.Zero || Lose(RenewalsFailed(failure));
        }
    }

    private bool Lose(string why)
    {
        Loss = why;
        return false;
    }

    private static string RenewalsFailed(Exception failure) => $"the lease store failed every renewal until it ran out ({failure.Message})";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
