using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace AlatauPay.Api.Tests;

/// <summary>50 concurrent requests sharing 5 keys: exactly 5 effects, every other answer a replay or 409.</summary>
public sealed class ConcurrentIdempotencyTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task FiftyRequestsOnFiveKeysHaveFiveEffects()
    {
        await gateway.Client.CreateDepartmentAsync("concurrent");

        var outcome = await IdempotencyStorm.RunAsync(gateway, "concurrent", requests: 50, keys: 5);

        outcome.AssertFiveEffects();
    }
}

/// <summary>Fires requests sharing keys at once and sums up what came back.</summary>
internal sealed record IdempotencyStorm(IReadOnlyList<(string Key, HttpStatusCode Status, bool Replayed, string Body)> Answers, IReadOnlyList<string> InvoiceIds)
{
    public static Task<IdempotencyStorm> RunAsync(GatewayHost gateway, string department, int requests, int keys) =>
        RunAsync(gateway, department, requests, [.. Enumerable.Range(0, keys).Select(_ => Guid.NewGuid().ToString())]);

    public static async Task<IdempotencyStorm> RunAsync(GatewayHost gateway, string department, int requests, string[] keyNames)
    {
        var keys = keyNames.Length;
        var body = Requests.Invoice(department).ToJsonString();
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, requests).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();

            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/invoices") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", keyNames[i % keys]);
            var response = await gateway.RawClient.SendAsync(request);
            return (keyNames[i % keys], response.StatusCode, response.Headers.Contains("Idempotent-Replayed"), await response.Content.ReadAsStringAsync());
        })).ToList();
        start.Release(requests);
        var answers = await Task.WhenAll(tasks);

        var list = await (await gateway.Client.GetAsync($"/v1/invoices?department={department}&limit=100")).ExpectAsync(HttpStatusCode.OK);
        return new IdempotencyStorm(answers, [.. list["data"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())]);
    }

    public IdempotencyStorm And(IdempotencyStorm later) => new([.. Answers, .. later.Answers], later.InvoiceIds);

    public void AssertFiveEffects()
    {
        Assert.All(Answers, a => Assert.True(
            a.Status == HttpStatusCode.Created || a.Status == HttpStatusCode.Conflict,
            $"unexpected {(int)a.Status}: {a.Body}"));
        var keys = Answers.Select(a => a.Key).Distinct().Count();
        Assert.Equal(keys, InvoiceIds.Count);
        var firsts = Answers.Where(a => a.Status == HttpStatusCode.Created && !a.Replayed).ToList();
        Assert.Equal(keys, firsts.Count);
        Assert.Equal(keys, firsts.Select(a => a.Key).Distinct().Count());
        foreach (var answer in Answers.Where(a => a.Status == HttpStatusCode.Created))
        {
            var id = JsonNode.Parse(answer.Body)!["id"]!.GetValue<string>();
            Assert.Contains(id, InvoiceIds);
            Assert.Equal(firsts.Single(f => f.Key == answer.Key).Body, answer.Body);
        }

        Assert.All(Answers.Where(a => a.Status == HttpStatusCode.Conflict), a => Assert.Contains("idempotency-key-in-flight", a.Body, StringComparison.Ordinal));
    }
}
