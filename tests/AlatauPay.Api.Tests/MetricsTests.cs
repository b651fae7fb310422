using System.Net;
using AlatauPay.Testing;

namespace AlatauPay.Api.Tests;

/// <summary>
/// <c>/metrics</c> after real requests. Other test hosts in this process share the meter's name, so each test
/// asserts what its own actions added, never an absolute figure.
/// </summary>
public sealed class MetricsTests(MetricsGateway gateway) : IClassFixture<MetricsGateway>
{
    [Fact]
    public async Task CountsACreatedInvoice()
    {
        await gateway.Client.CreateDepartmentAsync("metrics-created");
        var before = await gateway.Anonymous.ScrapeAsync();

        await gateway.Client.CreateInvoiceAsync("metrics-created");

        var after = await gateway.Anonymous.ScrapeAsync();
        Assert.True(
            after.Value("alataupay_invoices_created_total") >= before.Value("alataupay_invoices_created_total") + 1,
            after.Text);
    }

    [Fact]
    public async Task CountsAReplayedIdempotentRequest()
    {
        var body = Requests.Department("metrics-replay").ToJsonString();
        await (await Post(body, "metrics-replay-key")).ExpectAsync(HttpStatusCode.Created);
        var before = (await gateway.Anonymous.ScrapeAsync()).Value("alataupay_idempotency_replays_total");

        var replay = await Post(body, "metrics-replay-key");

        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        var after = (await gateway.Anonymous.ScrapeAsync()).Value("alataupay_idempotency_replays_total");
        Assert.True(after >= before + 1, $"replays went from {before} to {after}");
    }

    [Fact]
    public async Task CountsWebhookDeliveriesAndFailuresWithTheirLatency()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await gateway.Client.CreateDepartmentAsync("metrics-hooks");
        await gateway.Client.RegisterAsync(receiver.UrlFor("metrics"), "metrics-hooks");
        receiver.Set("metrics", ReceiverMode.Fail);
        var before = await gateway.Anonymous.ScrapeAsync();

        await gateway.Client.CreateInvoiceAsync("metrics-hooks");
        await Eventually.WaitAsync(() => receiver.For("metrics").Count >= 1, "a failed attempt");
        receiver.Set("metrics", ReceiverMode.Ok);
        await Eventually.WaitAsync(() => receiver.For("metrics").Any(r => r.Succeeded), "a delivered attempt");

        await Eventually.WaitAsync(
            async () =>
            {
                var after = await gateway.Anonymous.ScrapeAsync();
                return after.Value("alataupay_webhook_deliveries_total", "outcome=\"delivered\"") >= before.Value("alataupay_webhook_deliveries_total", "outcome=\"delivered\"") + 1
                    && after.Value("alataupay_webhook_failures_total") >= before.Value("alataupay_webhook_failures_total") + 1
                    && after.Value("alataupay_webhook_duration_seconds_count") >= before.Value("alataupay_webhook_duration_seconds_count") + 2;
            },
            "the delivered and the failed attempts are counted and timed");
    }

    [Fact]
    public async Task IsServedWithoutAnApiKey()
    {
        var response = await gateway.Anonymous.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var scrape = new Scrape(await response.Content.ReadAsStringAsync());
        Assert.True(scrape.Has("dotnet_gc_collections_total"), scrape.Text);
    }

    private Task<HttpResponseMessage> Post(string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/departments")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return gateway.RawClient.SendAsync(request);
    }
}

public sealed class MetricsGateway : FastWebhooksGateway;
