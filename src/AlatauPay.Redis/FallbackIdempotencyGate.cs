using AlatauPay.Application.Idempotency;
using AlatauPay.Application.Ports;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AlatauPay.Redis;

/// <summary>
/// Redis when it answers, this process's own marks when it does not: an outage or restart of Redis costs
/// cross-instance 409s for a while, never a 5xx, and never a second effect, since the database record
/// written with the effect still decides.
/// </summary>
public sealed partial class FallbackIdempotencyGate(RedisIdempotencyGate redis, InProcessIdempotencyGate local, ILogger<FallbackIdempotencyGate> logger)
    : IIdempotencyGate
{
    public async ValueTask<IdempotencyClaim> TryClaimAsync(string scopedKey, string fingerprint, CancellationToken cancellationToken)
    {
        try
        {
            return await redis.TryClaimAsync(scopedKey, fingerprint, cancellationToken);
        }
        catch (Exception failure) when (IsOutage(failure))
        {
            LogFallback(logger, failure.GetType().Name);
            return await local.TryClaimAsync(scopedKey, fingerprint, cancellationToken);
        }
    }

    public async ValueTask ReleaseAsync(string scopedKey, string token)
    {
        if (token.StartsWith("local_", StringComparison.Ordinal))
        {
            await local.ReleaseAsync(scopedKey, token);
            return;
        }

        try
        {
            await redis.ReleaseAsync(scopedKey, token);
        }
        catch (Exception failure) when (IsOutage(failure))
        {
            // The mark expires on its own after the in-flight timeout.
            LogFallback(logger, failure.GetType().Name);
        }
    }

    public async ValueTask<IdempotentResponse?> FindAsync(string scopedKey, CancellationToken cancellationToken)
    {
        try
        {
            return await redis.FindAsync(scopedKey, cancellationToken);
        }
        catch (Exception failure) when (IsOutage(failure))
        {
            LogFallback(logger, failure.GetType().Name);
            return null;
        }
    }

    public async ValueTask RememberAsync(string scopedKey, IdempotentResponse response, TimeSpan retention, CancellationToken cancellationToken)
    {
        try
        {
            await redis.RememberAsync(scopedKey, response, retention, cancellationToken);
        }
        catch (Exception failure) when (IsOutage(failure))
        {
            LogFallback(logger, failure.GetType().Name);
        }
    }

    private static bool IsOutage(Exception failure) => failure is RedisException or TimeoutException or ObjectDisposedException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis did not answer ({Failure}); idempotency marks are kept in this process meanwhile")]
    private static partial void LogFallback(ILogger logger, string failure);
}
