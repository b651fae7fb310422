using System.Net;
using System.Text;
using StackExchange.Redis;

namespace AlatauPay.Api.Tests;

public sealed class RedisIdempotencyTests(RedisGateway gateway) : IClassFixture<RedisGateway>
{
    [Fact]
    public async Task FiftyRequestsOnFiveKeysHaveFiveEffects()
    {
        await gateway.Client.CreateDepartmentAsync("redis-storm");

        var outcome = await IdempotencyStorm.RunAsync(gateway, "redis-storm", requests: 50, keys: 5);

        outcome.AssertFiveEffects();
    }

    [Fact]
    public async Task ARedisRestartMidwayCostsNoSecondEffectAndNoServerError()
    {
        await gateway.Client.CreateDepartmentAsync("redis-restart");
        string[] keys = [.. Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString())];

        var before = await IdempotencyStorm.RunAsync(gateway, "redis-restart", 20, keys);
        await gateway.Redis.StopAsync();
        var during = await IdempotencyStorm.RunAsync(gateway, "redis-restart", 15, keys);
        await gateway.Redis.LaunchAsync();
        var after = await IdempotencyStorm.RunAsync(gateway, "redis-restart", 15, keys);

        before.And(during).And(after).AssertFiveEffects();
    }

    [Fact]
    public async Task TheResponseIsCachedInRedis()
    {
        await gateway.Client.CreateDepartmentAsync("redis-cache");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/invoices")
        {
            Content = new StringContent(Requests.Invoice("redis-cache").ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await (await gateway.RawClient.SendAsync(request)).ExpectAsync(HttpStatusCode.Created);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(gateway.Redis.Configuration);
        var keys = redis.GetServer(gateway.Redis.Configuration).Keys(pattern: "alataupay:idem:response:*").ToList();

        Assert.NotEmpty(keys);
    }
}
