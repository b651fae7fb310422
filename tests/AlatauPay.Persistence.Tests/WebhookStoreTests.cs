using AlatauPay.Application.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

/// <summary>The outbox fanned out into deliveries, and each attempt recorded once. The tests share one store, in any order.</summary>
public abstract class WebhookStoreTests(StoreFixture store)
{
    [Fact]
    public async Task AnEndpointIsOwedOnlyTheEventsItSubscribedToSinceItWasRegistered()
    {
        await AddEventAsync("evt_before", "invoice.settled");
        var endpoint = new WebhookEndpoint(
            "we_1", new Uri("https://merchant.example/hooks"), ["invoice.settled"], null, "secret", null, null, "enabled", null, null, TestData.Now);
        await store.InTransactionAsync(sp => Webhooks(sp).AddEndpointAsync(endpoint, CancellationToken.None));
        await AddEventAsync("evt_created", "invoice.created");
        await AddEventAsync("evt_settled", "invoice.settled");

        var consumed = await store.InTransactionAsync(sp => Webhooks(sp).FanOutAsync(100, TestData.Now, CancellationToken.None));
        var again = await store.InTransactionAsync(sp => Webhooks(sp).FanOutAsync(100, TestData.Now, CancellationToken.None));
        var due = await store.ReadAsync(sp => Webhooks(sp).ListDueAsync(TestData.Now, [], 10, CancellationToken.None));

        Assert.True(consumed >= 3, $"consumed {consumed} events");
        Assert.Equal(0, again);
        var delivery = Assert.Single(due, d => d.EndpointId == "we_1");
        Assert.Equal("evt_settled", delivery.EventId);
        Assert.DoesNotContain(
            await store.ReadAsync(sp => Webhooks(sp).ListDueAsync(TestData.Now, ["we_1"], 10, CancellationToken.None)), d => d.EndpointId == "we_1");
    }

    [Fact]
    public async Task AnAttemptIsRecordedOnceWhoeverRecordsItFirst()
    {
        var endpoint = new WebhookEndpoint(
            "we_2", new Uri("https://merchant.example/other"), ["invoice.expired"], null, "secret", null, null, "enabled", null, null, TestData.Now);
        await store.InTransactionAsync(sp => Webhooks(sp).AddEndpointAsync(endpoint, CancellationToken.None));
        await AddEventAsync("evt_expired", "invoice.expired");
        var deliveryId = await store.InTransactionAsync(sp => Webhooks(sp).AddDeliveryAsync("we_2", "evt_expired", TestData.Now, CancellationToken.None));
        var attempt = new DeliveryAttempt(1, TestData.Now, 500, null, 12);

        var first = await store.InTransactionAsync(sp => Webhooks(sp).RecordAttemptAsync(deliveryId, attempt, "pending", TestData.Now.AddMinutes(1), CancellationToken.None));
        var twin = await store.InTransactionAsync(sp => Webhooks(sp).RecordAttemptAsync(deliveryId, attempt, "pending", TestData.Now.AddMinutes(1), CancellationToken.None));

        Assert.True(first);
        Assert.False(twin);
        var delivery = await store.ReadAsync(sp => Webhooks(sp).FindDeliveryAsync("we_2", deliveryId, CancellationToken.None));
        Assert.Equal([attempt], delivery!.Attempts);
        Assert.Equal(TestData.Now.AddMinutes(1), delivery.NextAttemptAt);
    }

    private Task AddEventAsync(string id, string type) => store.InTransactionAsync(sp =>
        sp.GetRequiredService<IOutbox>().AddAsync(new OutboxEvent(id, type, null, "{}", TestData.Now), CancellationToken.None));

    private static IWebhookStore Webhooks(IServiceProvider services) => services.GetRequiredService<IWebhookStore>();
}

public sealed class SqliteWebhookStoreTests(SqliteStore store) : WebhookStoreTests(store), IClassFixture<SqliteStore>;

public sealed class PostgresWebhookStoreTests(PostgresStore store) : WebhookStoreTests(store), IClassFixture<PostgresStore>;
