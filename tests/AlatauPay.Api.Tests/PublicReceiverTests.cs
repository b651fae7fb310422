using System.Net;
using AlatauPay.Application.Ports;
using AlatauPay.Application.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Api.Tests;

/// <summary>A gateway as production runs it: webhook receivers must be on the public internet.</summary>
public sealed class PublicReceiversGateway : FastWebhooksGateway
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["AlatauPay:Webhooks:AllowPrivateNetworks"] = "false";
    }
}

/// <summary>
/// Found by a black-box probe: a key allowed to register webhooks could point one at the gateway's own host or a
/// cloud metadata service, and have the gateway call it and list the attempts back.
/// </summary>
public sealed class PublicReceiverTests(PublicReceiversGateway gateway) : IClassFixture<PublicReceiversGateway>, IAsyncLifetime
{
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://127.1/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://0.0.0.0/hook")]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("http://api.localhost/hook")]
    [InlineData("https://10.20.30.40/hook")]
    [InlineData("https://192.168.1.10/hook")]
    [InlineData("https://172.16.0.1/hook")]
    public async Task AWebhookNamingANonPublicAddressIsRefused(string url)
    {
        var response = await gateway.Client.PostJsonAsync("/v1/webhooks", WebhookRequests.Endpoint(url, "water").ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "webhook-url-private", "url");
    }

    [Theory]
    [InlineData("https://hooks.example.com/alatau")]
    [InlineData("https://93.184.215.14/alatau")]
    public async Task AWebhookNamingAPublicHostIsAccepted(string url)
    {
        await gateway.Client.EnsureDepartmentAsync("water");
        var response = await gateway.Client.PostJsonAsync("/v1/webhooks", WebhookRequests.Endpoint(url, "water").ToJsonString());

        await response.ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AReceiverThatResolvesToNoPublicAddressIsNotCalled()
    {
        // An endpoint registered while private networks were allowed (or whose name now resolves to one): the
        // check at connect time refuses it, whatever passed at registration.
        await gateway.Client.CreateDepartmentAsync("hook-private");
        var endpoint = new WebhookEndpoint(
            "whk_registeredwhileallowed", new Uri(receiver.UrlFor("private")), ["invoice.created"], ["hook-private"],
            WebhookSignature.NewSecret(), null, null, "enabled", null, null, DateTimeOffset.UtcNow);
        await using (var scope = gateway.Services.CreateAsyncScope())
        {
            var work = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
            await work.BeginAsync(CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<IWebhookStore>().AddEndpointAsync(endpoint, CancellationToken.None);
            await work.CommitAsync(CancellationToken.None);
        }

        await gateway.Client.CreateInvoiceAsync("hook-private");

        await Eventually.WaitAsync(
            async () => (await gateway.Client.DeliveriesAsync(endpoint.Id)) is [{ } delivery, ..]
                && delivery["attempts"]!.AsArray().Any(a => a!["error"]?.GetValue<string>() == "refused: the receiver resolves to no public address"),
            "an attempt is refused before it connects");
        Assert.Empty(receiver.For("private"));
    }
}
