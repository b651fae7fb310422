using System.Net;
using AlatauPay.Receivers;

namespace AlatauPay.Api.Tests;

/// <summary>Delivery to a real local receiver: signed, retried, ordered, isolated per endpoint.</summary>
public sealed class WebhookDeliveryTests(FastWebhooksGateway gateway) : IClassFixture<FastWebhooksGateway>, IAsyncLifetime
{
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task DeliversASignedEventThatTheVerifierAccepts()
    {
        await gateway.Client.CreateDepartmentAsync("hook-signed");
        var (_, secret) = await gateway.Client.RegisterAsync(receiver.UrlFor("signed"), "hook-signed");

        var invoice = await gateway.Client.CreateInvoiceAsync("hook-signed");

        await Eventually.WaitAsync(() => receiver.For("signed").Count == 1, "the event arrives");
        var delivery = receiver.For("signed")[0];
        Assert.StartsWith("evt_", delivery.Id, StringComparison.Ordinal);
        Assert.Contains(invoice["id"]!.GetValue<string>(), delivery.Body, StringComparison.Ordinal);
        Assert.True(new WebhookVerifier(secret).Verify(delivery.Id, delivery.Timestamp, delivery.Signature, delivery.Body));
        var stored = await (await gateway.Client.GetAsync($"/v1/events/{delivery.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("invoice.created", stored["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task RetriesThroughFailuresAndTimeoutsUntilTheReceiverRecovers()
    {
        await gateway.Client.CreateDepartmentAsync("hook-flaky");
        var (id, _) = await gateway.Client.RegisterAsync(receiver.UrlFor("flaky"), "hook-flaky");
        receiver.Set("flaky", ReceiverMode.Fail);

        await gateway.Client.CreateInvoiceAsync("hook-flaky");
        await Eventually.WaitAsync(() => receiver.For("flaky").Count >= 2, "two failed attempts");
        receiver.Set("flaky", ReceiverMode.Slow);
        await Eventually.WaitAsync(async () => (await gateway.Client.DeliveriesAsync(id))[0]!["attempts"]!.AsArray()
            .Any(a => a!["error"]?.GetValue<string>() == "timeout"), "an attempt times out");
        receiver.Set("flaky", ReceiverMode.Ok);

        await Eventually.WaitAsync(() => receiver.For("flaky").Any(r => r.Succeeded), "the receiver recovers");
        await Eventually.WaitAsync(async () => (await gateway.Client.DeliveriesAsync(id))[0]!["status"]!.GetValue<string>() == "delivered", "delivered");
        var attempts = (await gateway.Client.DeliveriesAsync(id))[0]!["attempts"]!.AsArray();
        Assert.Equal(Enumerable.Range(1, attempts.Count), attempts.Select(a => a!["number"]!.GetValue<int>()));
        Assert.Equal(500, attempts[0]!["statusCode"]!.GetValue<int>());
        Assert.Equal(200, attempts[^1]!["statusCode"]!.GetValue<int>());
        Assert.Single(receiver.For("flaky").Select(r => r.Id).Distinct());
    }

    [Fact]
    public async Task AGoneReceiverDisablesItsEndpoint()
    {
        await gateway.Client.CreateDepartmentAsync("hook-gone");
        var (id, _) = await gateway.Client.RegisterAsync(receiver.UrlFor("gone"), "hook-gone");
        receiver.Set("gone", ReceiverMode.Gone);

        await gateway.Client.CreateInvoiceAsync("hook-gone");
        await Eventually.WaitAsync(async () => (await (await gateway.Client.GetAsync($"/v1/webhooks/{id}")).ExpectAsync(HttpStatusCode.OK))["status"]!.GetValue<string>() == "disabled", "the endpoint is disabled");
        await gateway.Client.CreateInvoiceAsync("hook-gone");
        await gateway.Client.CreateDepartmentAsync("hook-gone-probe");
        await gateway.Client.RegisterAsync(receiver.UrlFor("gone-probe"), "hook-gone-probe");
        await gateway.Client.CreateInvoiceAsync("hook-gone-probe");
        await Eventually.WaitAsync(() => receiver.For("gone-probe").Count == 1, "a later event reaches another endpoint");

        Assert.Single(receiver.For("gone"));
        var webhook = await (await gateway.Client.GetAsync($"/v1/webhooks/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("gone", webhook["disabledReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task ASlowEndpointDoesNotHoldUpAnother()
    {
        await gateway.Client.CreateDepartmentAsync("hook-shared");
        await gateway.Client.RegisterAsync(receiver.UrlFor("stuck"), "hook-shared");
        await gateway.Client.RegisterAsync(receiver.UrlFor("prompt"), "hook-shared");
        receiver.Set("stuck", ReceiverMode.Slow);
        receiver.SlowDelay = TimeSpan.FromSeconds(5);

        for (var i = 0; i < 3; i++)
        {
            await gateway.Client.CreateInvoiceAsync("hook-shared");
        }

        await Eventually.WaitAsync(() => receiver.For("prompt").Count == 3, "the prompt endpoint has all three", TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(receiver.For("stuck"), r => r.Succeeded);
    }

    [Fact]
    public async Task AnEndpointReceivesItsEventsInOrderEvenAfterFailures()
    {
        await gateway.Client.CreateDepartmentAsync("hook-order");
        await gateway.Client.RegisterAsync(receiver.UrlFor("order"), "hook-order");
        receiver.Set("order", ReceiverMode.Fail);
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await gateway.Client.CreateInvoiceAsync("hook-order"))["id"]!.GetValue<string>());
        }

        await Eventually.WaitAsync(() => receiver.For("order").Count >= 3, "some failed attempts");
        receiver.Set("order", ReceiverMode.Ok);
        await Eventually.WaitAsync(() => receiver.For("order").Count(r => r.Succeeded) == 4, "all four delivered");

        var delivered = receiver.For("order").Where(r => r.Succeeded).Select(r => ids.FindIndex(id => r.Body.Contains(id, StringComparison.Ordinal)));
        Assert.Equal([0, 1, 2, 3], delivered);
        Assert.All(receiver.For("order").Where(r => !r.Succeeded), r => Assert.Contains(ids[0], r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnEndpointFailingForThreeDaysIsDisabled()
    {
        await gateway.Client.CreateDepartmentAsync("hook-dead");
        var (id, _) = await gateway.Client.RegisterAsync(receiver.UrlFor("dead"), "hook-dead");
        receiver.Set("dead", ReceiverMode.Fail);
        await gateway.Client.CreateInvoiceAsync("hook-dead");
        await Eventually.WaitAsync(() => receiver.For("dead").Count >= 2, "failing");

        gateway.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));

        await Eventually.WaitAsync(async () => (await (await gateway.Client.GetAsync($"/v1/webhooks/{id}")).ExpectAsync(HttpStatusCode.OK))["status"]!.GetValue<string>() == "disabled", "the endpoint is disabled");
        var webhook = await (await gateway.Client.GetAsync($"/v1/webhooks/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("failing", webhook["disabledReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARedeliverySendsTheSameEventAgain()
    {
        await gateway.Client.CreateDepartmentAsync("hook-again");
        var (id, _) = await gateway.Client.RegisterAsync(receiver.UrlFor("again"), "hook-again");
        await gateway.Client.CreateInvoiceAsync("hook-again");
        await Eventually.WaitAsync(() => receiver.For("again").Count == 1, "first delivery");
        var first = (await gateway.Client.DeliveriesAsync(id))[0]!["id"]!.GetValue<string>();

        var response = await gateway.Client.PostAsync($"/v1/webhooks/{id}/deliveries/{first}/redeliver", null);

        await response.ExpectAsync(HttpStatusCode.Accepted);
        await Eventually.WaitAsync(() => receiver.For("again").Count == 2, "the redelivery");
        Assert.Single(receiver.For("again").Select(r => r.Id).Distinct());
    }

    [Fact]
    public async Task DuringARotationBothSecretsSign()
    {
        await gateway.Client.CreateDepartmentAsync("hook-rotate");
        var (id, old) = await gateway.Client.RegisterAsync(receiver.UrlFor("rotate"), "hook-rotate");
        var rotated = await (await gateway.Client.PostAsync($"/v1/webhooks/{id}/rotate-secret", null)).ExpectAsync(HttpStatusCode.OK);
        var fresh = rotated["secret"]!.GetValue<string>();

        await gateway.Client.CreateInvoiceAsync("hook-rotate");

        await Eventually.WaitAsync(() => receiver.For("rotate").Count == 1, "the event arrives");
        var delivery = receiver.For("rotate")[0];
        Assert.Equal(2, delivery.Signature.Split(' ').Length);
        Assert.NotEqual(old, fresh);
        Assert.True(new WebhookVerifier(fresh).Verify(delivery.Id, delivery.Timestamp, delivery.Signature, delivery.Body));
        Assert.True(new WebhookVerifier(old).Verify(delivery.Id, delivery.Timestamp, delivery.Signature, delivery.Body));
    }
}
