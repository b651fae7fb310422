using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace AlatauPay.Api.Hosting;

/// <summary>
/// Ready only while the configured Redis answers a PING. Requests still fall back to the database without it,
/// but an instance that lost Redis is taken out of rotation so its peers, which still coordinate through
/// Redis, serve instead.
/// </summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"redis answers in {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception failure) when (failure is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"redis does not answer: {failure.GetType().Name}");
        }
    }
}
