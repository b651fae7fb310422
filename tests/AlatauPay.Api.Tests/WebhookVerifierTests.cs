using System.Globalization;
using AlatauPay.Application.Webhooks;
using AlatauPay.Receivers;

namespace AlatauPay.Api.Tests;

/// <summary>The receivers' verifier against signatures made by the gateway's own signer.</summary>
public sealed class WebhookVerifierTests
{
    private const string Body = """{"id":"evt_1","type":"invoice.settled","data":{"id":"inv_1"}}""";
    private static readonly DateTimeOffset Now = new(2026, 11, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly string secret = WebhookSignature.NewSecret();

    [Fact]
    public void AcceptsAnIntactDelivery() => Assert.True(Verifier(secret).Verify("evt_1", Stamp(Now), Sign(secret, Now, Body), Body));

    [Fact]
    public void RefusesATamperedBody() =>
        Assert.False(Verifier(secret).Verify("evt_1", Stamp(Now), Sign(secret, Now, Body), Body.Replace("settled", "expired", StringComparison.Ordinal)));

    [Fact]
    public void RefusesTheWrongSecret() =>
        Assert.False(Verifier(WebhookSignature.NewSecret()).Verify("evt_1", Stamp(Now), Sign(secret, Now, Body), Body));

    [Fact]
    public void RefusesAnotherId() => Assert.False(Verifier(secret).Verify("evt_2", Stamp(Now), Sign(secret, Now, Body), Body));

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void RefusesATimestampOutsideFiveMinutes(int seconds)
    {
        var at = Now.AddSeconds(seconds);

        Assert.False(Verifier(secret).Verify("evt_1", Stamp(at), Sign(secret, at, Body), Body));
    }

    [Fact]
    public void AcceptsATimestampJustInsideTheTolerance()
    {
        var at = Now.AddSeconds(-299);

        Assert.True(Verifier(secret).Verify("evt_1", Stamp(at), Sign(secret, at, Body), Body));
    }

    [Fact]
    public void AcceptsEitherSignatureDuringARotation()
    {
        var fresh = WebhookSignature.NewSecret();
        var header = WebhookSignature.Header([fresh, secret], "evt_1", Now.ToUnixTimeSeconds(), Body);

        Assert.True(Verifier(secret).Verify("evt_1", Stamp(Now), header, Body));
        Assert.True(Verifier(fresh).Verify("evt_1", Stamp(Now), header, Body));
    }

    [Theory]
    [InlineData(null, "1", "v1,abc")]
    [InlineData("evt_1", "soon", "v1,abc")]
    [InlineData("evt_1", "1", "v2,abc")]
    [InlineData("evt_1", "1", "")]
    public void RefusesMalformedHeaders(string? id, string timestamp, string signature) =>
        Assert.False(Verifier(secret).Verify(id, timestamp, signature, Body));

    private static WebhookVerifier Verifier(string key) => new([key], now: () => Now);

    private static string Stamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string Sign(string key, DateTimeOffset at, string body) => WebhookSignature.Sign(key, "evt_1", at.ToUnixTimeSeconds(), body);
}
