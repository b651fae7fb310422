namespace AlatauPay.Application.Ports;

/// <summary>
/// Named leases that let exactly one gateway instance run a singleton job (a chain's watcher, the webhook
/// dispatcher). Each acquisition by a new holder, or after expiry or release, carries a higher fencing
/// token than any before it, so a write stamped with an older token can be told apart and refused.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// The lease on <paramref name="name"/> for <paramref name="holder"/>: a new one with a higher token when it
    /// was free, expired or released; null when another holder's lease is still live.
    /// </summary>
    Task<Lease?> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Extends the lease, keeping its token; null when it was lost (released, or taken over after expiry).</summary>
    Task<Lease?> RenewAsync(Lease lease, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up at once, so another instance need not wait for it to expire.</summary>
    Task ReleaseAsync(Lease lease, CancellationToken cancellationToken);
}

public sealed record Lease(string Name, string Holder, long Token, DateTimeOffset ExpiresAt);

/// <summary>A write stamped with a lease that is no longer the newest was refused: the instance is not the leader any more.</summary>
public sealed class LeaseLostException(string message) : Exception(message);

public static class LeaseLostExceptions
{
    /// <summary>True when <paramref name="failure"/> is, or wraps, the fence's refusal of a write under a lost lease.</summary>
    public static bool IsFencedOut(this Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is LeaseLostException)
            {
                return true;
            }
        }

        return false;
    }
}
