using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using StackExchange.Redis;

namespace AlatauPay.Redis;

/// <summary>
/// Marks running requests with <c>SET NX PX</c> (released only by their holder) and caches completed
/// responses, so every gateway instance sees the same marks and replays without a database read.
/// </summary>
public sealed class RedisIdempotencyGate(IConnectionMultiplexer redis, RedisOptions options, TimeSpan inFlightTimeout) : IIdempotencyGate
{
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

    public async ValueTask<IdempotencyClaim> TryClaimAsync(string scopedKey, string fingerprint, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var token = RandomToken.New("redis_");
        var value = $"{token}|{fingerprint}";
        if (await db.StringSetAsync(Key("lock", scopedKey), value, inFlightTimeout, When.NotExists))
        {
            return new IdempotencyClaim(value, null);
        }

        var holder = (string?)await db.StringGetAsync(Key("lock", scopedKey));
        return new IdempotencyClaim(null, holder?[(holder.IndexOf('|', StringComparison.Ordinal) + 1)..] ?? fingerprint);
    }

    public async ValueTask ReleaseAsync(string scopedKey, string token) =>
        await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [Key("lock", scopedKey)], [token]);

    public async ValueTask<IdempotentResponse?> FindAsync(string scopedKey, CancellationToken cancellationToken)
    {
        var stored = await redis.GetDatabase().StringGetAsync(Key("response", scopedKey));
        return stored.IsNull ? null : JsonSerializer.Deserialize<IdempotentResponse>((byte[])stored!);
    }

    public async ValueTask RememberAsync(string scopedKey, IdempotentResponse response, TimeSpan retention, CancellationToken cancellationToken) =>
        await redis.GetDatabase().StringSetAsync(Key("response", scopedKey), JsonSerializer.SerializeToUtf8Bytes(response), retention);

    // Hashed, so an Idempotency-Key's characters never shape the Redis key space.
    private RedisKey Key(string kind, string scopedKey) =>
        $"{options.KeyPrefix}idem:{kind}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scopedKey)))}";
}
