namespace AlatauPay.Api.Tests;

/// <summary>
/// A gateway process whose webhook dispatcher has its lease (on Redis) taken from it while an attempt waits on a
/// slow receiver: the attempt stops there, unrecorded, and is delivered again once the lease is back (decision 42).
/// Only the PostgreSQL and Redis servers of the shared fixture are used; no chain is watched.
/// </summary>
[Collection(PaymentChains.Collection)]
public sealed class DispatcherLeaseTests(PaymentChains chains) : IAsyncLifetime
{
    private const string Lease = "webhook-dispatcher";
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task AnAttemptInFlightWhenTheLeaseIsTakenStopsUnrecordedAndIsDeliveredOnceTheLeaseIsBack()
    {
        var settings = new Dictionary<string, string?>
        {
            ["AlatauPay:Chains:BTC:Network"] = "regtest",
            ["AlatauPay:Chains:LTC:Network"] = "regtest",
            ["AlatauPay:Webhooks:Timeout"] = "00:00:30",
            ["AlatauPay:Webhooks:InitialBackoff"] = "00:00:00.200",
            ["AlatauPay:Webhooks:PollInterval"] = "00:00:00.050",
            ["AlatauPay:Webhooks:AllowPrivateNetworks"] = "true", // receivers listen on loopback
        };
        await using var fleet = await GatewayFleet.StartAsync(await chains.Postgres.CreateDatabaseAsync("hooklease"), chains.Redis.Configuration, settings);
        var dispatcher = fleet.Instances[0];
        await fleet.WaitForHolderAsync(Lease, h => h == dispatcher, "the instance");
        using var client = fleet.Client(dispatcher);
        await client.CreateDepartmentAsync("hooklease");
        var (webhookId, _) = await client.RegisterAsync(receiver.UrlFor("hooklease"), "hooklease");
        receiver.SlowDelay = TimeSpan.FromSeconds(5);
        receiver.Set("hooklease", ReceiverMode.Slow);

        await client.CreateInvoiceAsync("hooklease");
        await Eventually.WaitAsync(() => receiver.Arrivals == 1, "the attempt reaches the slow receiver");
        receiver.Set("hooklease", ReceiverMode.Ok);
        await fleet.StealLeaseAsync(Lease, TimeSpan.FromMinutes(1));
        await Eventually.WaitAsync(
            () => dispatcher.Output.Contains("lease was lost during the attempt", StringComparison.Ordinal),
            "the dispatcher stops the attempt",
            GatewayFleet.LeaseDuration);
        await Eventually.WaitAsync(() => receiver.For("hooklease").Count == 1, "the slow receiver has answered the stopped attempt", TimeSpan.FromSeconds(10));
        await fleet.ReturnStolenLeaseAsync(Lease);
        await Eventually.WaitAsync(() => receiver.For("hooklease").Any(r => r.Succeeded), "the event is delivered again", TimeSpan.FromSeconds(30));

        var received = receiver.For("hooklease");
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].Id, received[1].Id);
        // The receiver counts the request before the gateway has its answer and records the attempt.
        System.Text.Json.Nodes.JsonArray attempts = [];
        await Eventually.WaitAsync(
            async () => (attempts = (await client.DeliveriesAsync(webhookId))[^1]!["attempts"]!.AsArray()).Count > 0,
            "the successful attempt is recorded",
            TimeSpan.FromSeconds(10));
        var attempt = Assert.Single(attempts);
        Assert.Equal(200, attempt!["statusCode"]!.GetValue<int>());
    }
}
