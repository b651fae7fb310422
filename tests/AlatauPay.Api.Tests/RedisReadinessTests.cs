using System.Net;

namespace AlatauPay.Api.Tests;

/// <summary>Readiness follows a real redis-server: away, the instance leaves rotation; back, it returns.</summary>
public sealed class RedisReadinessTests(RedisGateway gateway) : IClassFixture<RedisGateway>
{
    [Fact]
    public async Task IsNotReadyWhileRedisIsDownAndReadyAgainWhenItIsBack()
    {
        var ready = await (await gateway.Anonymous.GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("healthy", ready["checks"]!["redis"]!["status"]!.GetValue<string>());

        await gateway.Redis.StopAsync();
        try
        {
            await Eventually.WaitAsync(
                async () => (await gateway.Anonymous.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
                "readiness fails without redis");
            var down = await (await gateway.Anonymous.GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unhealthy", down["checks"]!["redis"]!["status"]!.GetValue<string>());
            Assert.Equal("healthy", down["checks"]!["storage"]!["status"]!.GetValue<string>());
            await (await gateway.Anonymous.GetAsync("/health/live")).ExpectAsync(HttpStatusCode.OK);
        }
        finally
        {
            await gateway.Redis.LaunchAsync();
        }

        await Eventually.WaitAsync(
            async () => (await gateway.Anonymous.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            "readiness recovers with redis",
            TimeSpan.FromSeconds(30));
    }
}
