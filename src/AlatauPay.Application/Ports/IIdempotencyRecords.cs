namespace AlatauPay.Application.Ports;

/// <summary>
/// The durable record of requests that succeeded, written in the same transaction as their effect: a
/// record exists exactly when the effect committed, so a failure is never remembered as a success.
/// </summary>
public interface IIdempotencyRecords
{
    /// <summary>The unexpired response stored for <paramref name="owner"/>'s <paramref name="key"/>, if any.</summary>
    Task<IdempotentResponse?> FindAsync(string owner, string key, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the response inside the open transaction; a leftover expired record of the key is replaced. Returns
    /// false, writing nothing, when a live record of the key exists: another request with the key committed first.
    /// </summary>
    Task<bool> AddAsync(string owner, string key, IdempotentResponse response, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Deletes at most <paramref name="limit"/> records that expired by <paramref name="now"/>; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);
}

/// <summary>What a successful request answered, replayed byte for byte to a retry with the same key.</summary>
public sealed record IdempotentResponse(string Fingerprint, int Status, string? ContentType, string? Location, byte[] Body);
