using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;

namespace AlatauPay.Api.Tests;

/// <summary>
/// redis-server is killed (SIGKILL, losing every key) while two gateway instances take invoices with
/// Idempotency-Keys and retries, and started again empty: requests carry on through the database with nothing
/// duplicated, readiness says Redis is down, the singleton jobs wait for their leases (decision 41), and once
/// Redis is back they resume with higher tokens and a payment made meanwhile settles once.
/// </summary>
[Collection(PaymentChains.Collection)]
public sealed class RedisOutageTests(PaymentChains chains)
{
    private const string Department = "redis-outage";

    [Fact]
    public async Task RequestsDegradeToTheDatabaseWithoutDuplicatesAndLeasesResumeWhenRedisReturns()
    {
        await using var fleet = await GatewayFleet.StartAsync(await chains.Postgres.CreateDatabaseAsync("redisdown"), chains.Redis.Configuration, chains.Settings);
        await fleet.AddAsync(1);
        var clients = fleet.Instances.Select(fleet.Client).ToList();
        await PaymentChains.CreateDepartmentAsync(clients[0], Department);
        var (_, tokenBefore) = await fleet.WaitForHolderAsync("watch:LTC", _ => true, "an instance");
        var load = InvoiceLoad.Start(clients, Department, workersPerClient: 1);
        await Eventually.WaitAsync(() => load.AcknowledgedCount >= 5, "five invoices are acknowledged before Redis dies", TimeSpan.FromSeconds(30));

        await chains.Redis.StopAsync();
        ChainBill paidDuringOutage;
        List<(string Key, string Id)> retried;
        try
        {
            var atKill = load.AcknowledgedCount;
            await Eventually.WaitAsync(() => load.AcknowledgedCount >= atKill + 10, "ten invoices are acknowledged without Redis", TimeSpan.FromSeconds(30));
            await AssertEveryInstanceIsNotReadyForRedisAsync(fleet);
            retried = await RetryThroughBothInstancesAsync(clients, 4);
            paidDuringOutage = await PaymentChains.CreateInvoiceAsync(clients[1], Department, "LTC");
            await chains.PayAsync(paidDuringOutage);
            await chains.ConfirmAsync();
        }
        finally
        {
            await chains.Redis.LaunchAsync();
        }

        var notReady = "";
        try
        {
            await Eventually.WaitAsync(async () => (notReady = await NotReadyAsync(fleet)) == "", "every instance is ready again", TimeSpan.FromSeconds(30));
        }
        catch (Xunit.Sdk.XunitException)
        {
            Assert.Fail($"Not ready 30 s after Redis returned: {notReady}");
        }

        var (_, tokenAfter) = await fleet.WaitForHolderAsync("watch:LTC", _ => true, "an instance, again,");
        Assert.True(tokenAfter > tokenBefore, $"the LTC watcher's token after the outage ({tokenAfter}) is not above the one before ({tokenBefore})");
        await Eventually.WaitAsync(
            async () => (await (await clients[0].GetAsync($"/v1/invoices/{paidDuringOutage.Id}")).ReadJsonAsync())["status"]!.GetValue<string>() == "settled",
            "the invoice paid during the outage settles",
            TimeSpan.FromSeconds(45));
        await load.StopAsync();

        Assert.Empty(load.Refusals);
        await using var connection = await fleet.OpenDatabaseAsync();
        var invoicesByKey = (await connection.QueryAsync<(string Id, string Metadata)>(
                "SELECT id, metadata_json FROM invoices WHERE department_code = @Department", new { Department }))
            .GroupBy(row => JsonNode.Parse(row.Metadata)?["bill"]?.GetValue<string>() ?? "")
            .ToDictionary(g => g.Key, g => g.Select(row => row.Id).ToList());
        foreach (var (key, acknowledgement) in load.Acknowledged)
        {
            Assert.Equal([acknowledgement.Invoice["id"]!.GetValue<string>()], invoicesByKey[key]);
        }

        foreach (var (key, id) in retried)
        {
            Assert.Equal([id], invoicesByKey[key]);
        }

        Assert.Equal([$"settle:{paidDuringOutage.Id}"], (await connection.EntryKeysAsync([paidDuringOutage.Id]))[paidDuringOutage.Id]);
        await connection.AssertLedgerBalancedAsync();
    }

    private static async Task AssertEveryInstanceIsNotReadyForRedisAsync(GatewayFleet fleet)
    {
        foreach (var instance in fleet.Instances)
        {
            using var probe = new HttpClient { BaseAddress = instance.Address };
            var ready = await probe.GetAsync("/health/ready");
            var report = await ready.ReadJsonAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("unhealthy", report["checks"]!["redis"]!["status"]!.GetValue<string>());
            Assert.Equal("healthy", report["checks"]!["storage"]!["status"]!.GetValue<string>());
        }
    }

    /// <summary>The readiness reports of the instances that are not ready; empty when all are.</summary>
    private static async Task<string> NotReadyAsync(GatewayFleet fleet)
    {
        var reports = new StringBuilder();
        foreach (var instance in fleet.Instances)
        {
            using var probe = new HttpClient { BaseAddress = instance.Address };
            using var ready = await probe.GetAsync("/health/ready");
            if (ready.StatusCode != HttpStatusCode.OK)
            {
                reports.Append(await ready.Content.ReadAsStringAsync());
            }
        }

        return reports.ToString();
    }

    /// <summary>
    /// Sends each create to both instances at once with one key, as a client retrying through the load balancer
    /// does, then once more: every 201 names the same invoice and the rest are 409 in-flight answers.
    /// </summary>
    private static async Task<List<(string Key, string Id)>> RetryThroughBothInstancesAsync(List<HttpClient> clients, int count)
    {
        var created = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var key = $"retry-{Guid.NewGuid():N}";
            var body = Requests.Invoice(Department, "12345.67", "LTC");
            body["metadata"] = new JsonObject { ["bill"] = key };
            var answers = await Task.WhenAll(clients.Append(clients[0]).Select(client => PostAsync(client, key, body.ToJsonString())));
            var ids = new HashSet<string>();
            foreach (var (status, answer) in answers)
            {
                if (status == HttpStatusCode.Created)
                {
                    ids.Add(answer["id"]!.GetValue<string>());
                }
                else
                {
                    Assert.Equal((HttpStatusCode.Conflict, "idempotency-key-in-flight"), (status, answer["code"]?.GetValue<string>()));
                }
            }

            var (finalStatus, final) = await PostAsync(clients[1], key, body.ToJsonString());
            Assert.Equal(HttpStatusCode.Created, finalStatus);
            ids.Add(final["id"]!.GetValue<string>());
            created.Add((key, Assert.Single(ids)));
        }

        return created;
    }

    private static async Task<(HttpStatusCode, JsonNode)> PostAsync(HttpClient client, string key, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/invoices") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.ReadJsonAsync());
    }
}
