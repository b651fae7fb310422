using System.Globalization;
using System.Net;

namespace AlatauPay.Api.Tests;

/// <summary>A gateway allowing each key three requests a minute.</summary>
public sealed class TightlyLimitedGateway : GatewayHost
{
    protected override void Configure(IDictionary<string, string?> settings) =>
        settings["AlatauPay:RateLimit:PermitsPerMinute"] = "3";
}

public sealed class RateLimitTests(TightlyLimitedGateway gateway) : IClassFixture<TightlyLimitedGateway>
{
    [Fact]
    public async Task AKeyOverItsLimitIsToldWhenToRetryWhileOtherKeysGoOn()
    {
        var (_, secret) = await gateway.CreateKeyAsync(["invoices:read"]);
        using var other = gateway.ClientWithKey(secret);
        for (var i = 0; i < 2; i++)
        {
            await (await gateway.Client.GetAsync("/v1/invoices")).ExpectAsync(HttpStatusCode.OK);
        }

        var refused = await gateway.Client.GetAsync("/v1/invoices");
        var admitted = await other.GetAsync("/v1/invoices");

        await refused.ExpectProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, 60);
        await admitted.ExpectAsync(HttpStatusCode.OK);
    }
}
