using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace AlatauPay.Api.Tests;

/// <summary>
/// Merchants creating invoices without pause through several gateway instances, as a careful client does: each
/// invoice has its own Idempotency-Key (also kept in the invoice's metadata as <c>bill</c>), and any answer
/// but 201 is retried with the same key until the invoice is acknowledged. Every answer is recorded.
/// </summary>
public sealed class InvoiceLoad : IAsyncDisposable
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(45);

    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<Answer> answers = new();
    private readonly ConcurrentDictionary<string, Acknowledgement> acknowledged = new();
    private readonly List<Task> workers;
    private readonly string department;

    private InvoiceLoad(IReadOnlyList<HttpClient> clients, string department, int workersPerClient)
    {
        this.department = department;
        workers = [.. clients.SelectMany(client => Enumerable.Range(0, workersPerClient).Select(_ => Task.Run(() => RunAsync(client))))];
    }

    /// <summary>Every answer but a 201, in the order they came.</summary>
    public IReadOnlyList<Answer> Refusals => [.. answers.Where(a => a.Status != HttpStatusCode.Created)];

    /// <summary>The acknowledged invoices by Idempotency-Key: the 201's body and the instance that answered it.</summary>
    public IReadOnlyDictionary<string, Acknowledgement> Acknowledged => acknowledged;

    public int AcknowledgedCount => acknowledged.Count;

    public static InvoiceLoad Start(IReadOnlyList<HttpClient> clients, string department, int workersPerClient = 2) =>
        new(clients, department, workersPerClient);

    /// <summary>Stops starting new invoices and waits until each worker has its current one acknowledged.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(workers);
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        stop.Dispose();
    }

    private async Task RunAsync(HttpClient client)
    {
        while (!stop.IsCancellationRequested)
        {
            var key = $"load-{Guid.NewGuid():N}";
            var body = Requests.Invoice(department, "12345.67", "LTC");
            body["metadata"] = new JsonObject { ["bill"] = key };
            var text = body.ToJsonString();
            var giveUp = DateTime.UtcNow + GiveUpAfter;
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/invoices") { Content = new StringContent(text, Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", key);
                var answer = await SendAsync(client, request, key);
                answers.Enqueue(answer);
                if (answer.Status == HttpStatusCode.Created)
                {
                    acknowledged[key] = new Acknowledgement(client, JsonNode.Parse(answer.Body)!);
                    break;
                }

                Assert.True(DateTime.UtcNow < giveUp, $"{key} was not acknowledged within {GiveUpAfter.TotalSeconds} s; last answer {answer}");
                var retryAfter = answer.RetryAfter is { } seconds ? TimeSpan.FromSeconds(Math.Min(seconds, 1)) : TimeSpan.FromMilliseconds(200);
                await Task.Delay(retryAfter, CancellationToken.None);
            }
        }
    }

    private static async Task<Answer> SendAsync(HttpClient client, HttpRequestMessage request, string key)
    {
        try
        {
            using var response = await client.SendAsync(request);
            return new Answer(
                key,
                response.StatusCode,
                response.Content.Headers.ContentType?.MediaType,
                response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : null,
                await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException failure)
        {
            // The instance did not answer at all: recorded as status 0, which a test can refuse.
            return new Answer(key, 0, null, null, failure.Message);
        }
    }
}

/// <summary>A 201: the invoice as created, and the client of the instance that created it (its links name that instance).</summary>
public sealed record Acknowledgement(HttpClient Via, JsonNode Invoice);

/// <summary>One answer to a create: the status, the media type, the Retry-After seconds and the body.</summary>
public sealed record Answer(string Key, HttpStatusCode Status, string? MediaType, int? RetryAfter, string Body)
{
    public string? Code => MediaType == "application/problem+json" ? JsonNode.Parse(Body)?["code"]?.GetValue<string>() : null;
}
