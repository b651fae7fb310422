using AlatauPay.Application.Ports;
using StackExchange.Redis;

namespace AlatauPay.Redis;

/// <summary>
/// Leases on Redis: the lease is a key holding <c>holder|token</c> with a time to live, taken and renewed by
/// scripts so that only its holder extends or deletes it. Tokens come from a per-lease counter that never
/// falls behind Redis's clock in microseconds, so they keep growing even when a Redis without persistence
/// restarts empty.
/// </summary>
public sealed class RedisLeaseStore(IConnectionMultiplexer redis, RedisOptions options, TimeProvider clock) : ILeaseStore
{
    private const string AcquireScript =
        """
        local current = redis.call('GET', KEYS[1])
        if current then
            local holder = string.sub(current, 1, string.find(current, '|', 1, true) - 1)
            if holder ~= ARGV[1] then return -1 end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return tonumber(string.sub(current, string.len(holder) + 2))
        end
        local time = redis.call('TIME')
        local floor = tonumber(time[1]) * 1000000 + tonumber(time[2])
        local token = math.max(tonumber(redis.call('GET', KEYS[2]) or '0') + 1, floor)
        redis.call('SET', KEYS[2], string.format('%.0f', token))
        redis.call('SET', KEYS[1], ARGV[1] .. '|' .. string.format('%.0f', token), 'PX', ARGV[2])
        return token
        """;

    private const string RenewScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";

    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    public async Task<Lease?> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        var expiresAt = clock.GetUtcNow() + duration;
        var token = (long)await redis.GetDatabase().ScriptEvaluateAsync(
            AcquireScript, [Key(name), Key(name) + ":token"], [holder, (long)duration.TotalMilliseconds]);
        return token < 0 ? null : new Lease(name, holder, token, expiresAt);
    }

    public async Task<Lease?> RenewAsync(Lease lease, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var expiresAt = clock.GetUtcNow() + duration;
        var renewed = (long)await redis.GetDatabase().ScriptEvaluateAsync(
            RenewScript, [Key(lease.Name)], [Value(lease), (long)duration.TotalMilliseconds]);
        return renewed == 1 ? lease with { ExpiresAt = expiresAt } : null;
    }

    public async Task ReleaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [Key(lease.Name)], [Value(lease)]);
    }

    private static string Value(Lease lease) => $"{lease.Holder}|{lease.Token}";

    private string Key(string name) => $"{options.KeyPrefix}lease:{name}";
}
