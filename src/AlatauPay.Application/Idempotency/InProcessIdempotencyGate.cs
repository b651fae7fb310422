using System.Collections.Concurrent;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;

namespace AlatauPay.Application.Idempotency;

/// <summary>The embedded default: marks live in this process, which is the only writer of its SQLite file.</summary>
public sealed class InProcessIdempotencyGate : IIdempotencyGate
{
    private readonly ConcurrentDictionary<string, (string Token, string Fingerprint)> inFlight = new(StringComparer.Ordinal);

    public ValueTask<IdempotencyClaim> TryClaimAsync(string scopedKey, string fingerprint, CancellationToken cancellationToken)
    {
        var token = RandomToken.New("local_");
        var holder = inFlight.GetOrAdd(scopedKey, (token, fingerprint));
        return ValueTask.FromResult(holder.Token == token ? new IdempotencyClaim(token, null) : new IdempotencyClaim(null, holder.Fingerprint));
    }

    public ValueTask ReleaseAsync(string scopedKey, string token)
    {
        if (inFlight.TryGetValue(scopedKey, out var holder) && holder.Token == token)
        {
            inFlight.TryRemove(new KeyValuePair<string, (string, string)>(scopedKey, holder));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IdempotentResponse?> FindAsync(string scopedKey, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IdempotentResponse?>(null);

    public ValueTask RememberAsync(string scopedKey, IdempotentResponse response, TimeSpan retention, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;
}
