using AlatauPay.Application.Ports;

namespace AlatauPay.Application.Leases;

/// <summary>
/// Leases for the embedded deployment, where one process does everything: they only keep two jobs of one
/// process from running the same loop, and end with the process.
/// </summary>
public sealed class InProcessLeaseStore(TimeProvider clock) : ILeaseStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (string? Holder, long Token, DateTimeOffset ExpiresAt)> leases = [];

    public Task<Lease?> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            leases.TryGetValue(name, out var current);
            var live = current.Holder is not null && current.ExpiresAt > now;
            if (live && current.Holder != holder)
            {
                return Task.FromResult<Lease?>(null);
            }

            var token = live ? current.Token : current.Token + 1;
            leases[name] = (holder, token, now + duration);
            return Task.FromResult<Lease?>(new Lease(name, holder, token, now + duration));
        }
    }

    public Task<Lease?> RenewAsync(Lease lease, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (gate)
        {
            if (!leases.TryGetValue(lease.Name, out var current) || current.Holder != lease.Holder || current.Token != lease.Token)
            {
                return Task.FromResult<Lease?>(null);
            }

            var expiresAt = clock.GetUtcNow() + duration;
            leases[lease.Name] = current with { ExpiresAt = expiresAt };
            return Task.FromResult<Lease?>(lease with { ExpiresAt = expiresAt });
        }
    }

    public Task ReleaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (gate)
        {
            if (leases.TryGetValue(lease.Name, out var current) && current.Holder == lease.Holder && current.Token == lease.Token)
            {
                leases[lease.Name] = current with { Holder = null };
            }
        }

        return Task.CompletedTask;
    }
}
