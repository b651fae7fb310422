namespace AlatauPay.Application.Ports;

/// <summary>
/// Marks keys whose first request is still running, so a concurrent retry is answered 409 at once, and
/// optionally caches completed responses. In process by default; on Redis when configured, so that every
/// gateway instance sees the same marks. The database record stays the authority on what committed.
/// </summary>
public interface IIdempotencyGate
{
    ValueTask<IdempotencyClaim> TryClaimAsync(string scopedKey, string fingerprint, CancellationToken cancellationToken);

    ValueTask ReleaseAsync(string scopedKey, string token);

    /// <summary>A cached copy of a completed response; null says nothing (the database may still hold one).</summary>
    ValueTask<IdempotentResponse?> FindAsync(string scopedKey, CancellationToken cancellationToken);

    ValueTask RememberAsync(string scopedKey, IdempotentResponse response, TimeSpan retention, CancellationToken cancellationToken);
}

/// <summary>Either a <see cref="Token"/> to release the claim with, or the fingerprint of the request that holds it.</summary>
public sealed record IdempotencyClaim(string? Token, string? HolderFingerprint)
{
    public bool Acquired => Token is not null;
}
