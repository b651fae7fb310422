using System.Net;
using System.Text.Json.Nodes;

namespace AlatauPay.Api.Tests;

public sealed class WebhookInputTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Theory]
    [InlineData("ftp://example.test/hook", "webhook-url-invalid")]
    [InlineData("https://user:pass@example.test/hook", "webhook-url-invalid")]
    [InlineData("/relative/hook", "webhook-url-invalid")]
    [InlineData("javascript:alert(1)", "webhook-url-invalid")]
    public async Task RefusesAUrlThatIsNotPlainHttp(string url, string code)
    {
        var response = await gateway.Client.PostJsonAsync("/v1/webhooks", WebhookRequests.Endpoint(url, "water").ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, code, "url");
    }

    [Fact]
    public async Task RefusesAnUnknownEventType()
    {
        var response = await gateway.Client.PostJsonAsync("/v1/webhooks", WebhookRequests.Endpoint("https://example.test/hook", "water", "invoice.paid").ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "event-type-unknown", "eventTypes[0]");
    }

    [Fact]
    public async Task AWebhookForADepartmentThatDoesNotExistIsRefused()
    {
        var response = await gateway.Client.PostJsonAsync("/v1/webhooks", WebhookRequests.Endpoint("https://example.test/hook", "watr").ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "department-not-found", "departments[0]");
    }

    [Fact]
    public async Task AcceptsEveryDocumentedEventTypeAndShowsTheSecretOnce()
    {
        await gateway.Client.EnsureDepartmentAsync("water");
        var body = WebhookRequests.Endpoint("https://example.test/hook", "water",
            "invoice.created", "invoice.payment_seen", "invoice.processing", "invoice.settled", "invoice.expired",
            "invoice.invalid", "invoice.paid_late", "invoice.reversed", "invoice.cancelled");

        var created = await (await gateway.Client.PostJsonAsync("/v1/webhooks", body.ToJsonString())).ExpectAsync(HttpStatusCode.Created);

        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", created["secret"]!.GetValue<string>());
        var fetched = await (await gateway.Client.GetAsync($"/v1/webhooks/{created["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(fetched["secret"]);
        Assert.Equal(9, fetched["eventTypes"]!.AsArray().Count);
    }

    [Fact]
    public async Task ListsEventsPageByPage()
    {
        await gateway.Client.CreateDepartmentAsync("events-paged");
        for (var i = 0; i < 3; i++)
        {
            await gateway.Client.CreateInvoiceAsync("events-paged");
        }

        var first = await (await gateway.Client.GetAsync("/v1/events?limit=2&type=invoice.created")).ExpectAsync(HttpStatusCode.OK);
        var last = first["data"]!.AsArray()[^1]!["id"]!.GetValue<string>();
        var second = await (await gateway.Client.GetAsync($"/v1/events?limit=2&type=invoice.created&startingAfter={last}")).ExpectAsync(HttpStatusCode.OK);

        Assert.True(first["hasMore"]!.GetValue<bool>());
        Assert.Equal(2, first["data"]!.AsArray().Count);
        Assert.DoesNotContain(second["data"]!.AsArray(), e => first["data"]!.AsArray().Any(f => f!["id"]!.GetValue<string>() == e!["id"]!.GetValue<string>()));
        await (await gateway.Client.GetAsync("/v1/events?startingAfter=evt_nope")).ExpectProblemAsync(HttpStatusCode.BadRequest, "cursor-not-found");
        Assert.IsType<JsonArray>(second["data"]);
    }
}
