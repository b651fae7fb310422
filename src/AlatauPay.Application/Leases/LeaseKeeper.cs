using AlatauPay.Application.Ports;

namespace AlatauPay.Application.Leases;

/// <summary>
/// One singleton job's hold on its lease: taken when free, renewed on each pass, given up on shutdown.
/// A job asks <see cref="HoldAsync"/> before every pass and runs the pass only when it holds the lease, with
/// its writes fenced by <see cref="Current"/>.
/// </summary>
public sealed class LeaseKeeper(ILeaseStore leases, string name, string holder, TimeSpan duration)
{
    public string Name => name;

    /// <summary>The lease this instance holds, as of the last <see cref="HoldAsync"/>; null when it holds none.</summary>
    public Lease? Current { get; private set; }

    /// <summary>
    /// Why the last <see cref="HoldAsync"/> could not ask the lease store (Redis down, say); null when it could.
    /// </summary>
    public Exception? StoreFailure { get; private set; }

    /// <summary>
    /// Renews the lease held, or takes it if it is free; true when this instance holds it now. A lease store
    /// that does not answer counts as not holding it (see <see cref="StoreFailure"/>): the job pauses instead
    /// of failing, and asks again on its next pass. The lease kept is renewed if the store answers again
    /// before it expires, or else taken anew with a higher token (decision 41).
    /// </summary>
    public async Task<bool> HoldAsync(CancellationToken cancellationToken)
    {
        try
        {
            Current = Current is null
                ? await leases.TryAcquireAsync(name, holder, duration, cancellationToken)
                : await leases.RenewAsync(Current, duration, cancellationToken) ?? await leases.TryAcquireAsync(name, holder, duration, cancellationToken);
            StoreFailure = null;
            return Current is not null;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            StoreFailure = failure;
            return false;
        }
    }

    /// <summary>Gives the lease up, so another instance takes the job over at once instead of after expiry.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (Current is { } lease)
        {
            Current = null;
            await leases.ReleaseAsync(lease, cancellationToken);
        }
    }
}

/// <summary>This gateway process, as lease holders are named: host, process and a per-start nonce.</summary>
public sealed class GatewayInstance
{
    public string Id { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    public LeaseKeeper Keeper(ILeaseStore leases, string name, LeaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new LeaseKeeper(leases, name, Id, options.Duration);
    }
}
