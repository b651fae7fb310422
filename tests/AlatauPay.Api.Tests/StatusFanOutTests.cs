using System.Diagnostics;
using System.Text.Json.Nodes;
using AlatauPay.Testing;

namespace AlatauPay.Api.Tests;

/// <summary>
/// Two gateway instances on one PostgreSQL database: a resident's checkout page served by one sees a change made
/// through the other, announced through Redis when it is configured, found by polling the database when it is not.
/// </summary>
public sealed class StatusFanOutTests : IAsyncLifetime
{
    /// <summary>Long enough that only an announcement can bring the change within the test's patience.</summary>
    private const string NeverPoll = "00:10:00";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly List<PostgresGateway> gateways = [];
    private PostgresServer postgres = null!;
    private RedisServer redis = null!;

    public async Task InitializeAsync()
    {
        postgres = await PostgresServer.StartAsync();
        redis = await RedisServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var gateway in gateways)
        {
            await gateway.DisposeAsync();
        }

        await redis.DisposeAsync();
        await postgres.DisposeAsync();
    }

    [Fact]
    public async Task ACancellationThroughOneInstanceReachesAPageOnTheOtherThroughRedis()
    {
        var settings = new Dictionary<string, string?>
        {
            ["AlatauPay:Redis:Configuration"] = redis.Configuration,
            ["AlatauPay:StatusFeed:PollInterval"] = NeverPoll,
            ["AlatauPay:StatusFeed:RecheckInterval"] = NeverPoll,
        };
        var (a, b) = await PairAsync("fanout-redis", settings);
        var invoice = (await a.Client.CreateInvoiceAsync("fanout-redis"))["id"]!.GetValue<string>();

        await using var page = await StatusStream.OpenAsync(b, invoice);
        Assert.Equal("new", (await page.NextStatusAsync(Patience))["state"]!.GetValue<string>());
        var cancelled = Stopwatch.StartNew();
        (await a.Client.PostAsync($"/v1/invoices/{invoice}/cancel", null)).EnsureSuccessStatusCode();
        var update = await page.NextStatusAsync(Patience);

        Assert.Equal("cancelled", update["state"]!.GetValue<string>());
        Assert.False(update["acceptsPayment"]!.GetValue<bool>());
        Assert.True(cancelled.Elapsed < TimeSpan.FromSeconds(5), $"the page heard of it {cancelled.Elapsed.TotalSeconds:F1} s after the cancellation");
    }

    [Fact]
    public async Task WithoutRedisThePageOnTheOtherInstanceFindsTheCancellationByPolling()
    {
        var settings = new Dictionary<string, string?> { ["AlatauPay:StatusFeed:PollInterval"] = "00:00:00.200" };
        var (a, b) = await PairAsync("fanout-poll", settings);
        var invoice = (await a.Client.CreateInvoiceAsync("fanout-poll"))["id"]!.GetValue<string>();

        await using var page = await StatusStream.OpenAsync(b, invoice);
        Assert.Equal("new", (await page.NextStatusAsync(Patience))["state"]!.GetValue<string>());
        (await a.Client.PostAsync($"/v1/invoices/{invoice}/cancel", null)).EnsureSuccessStatusCode();
        var update = await page.NextStatusAsync(Patience);

        Assert.Equal("cancelled", update["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task WhenRedisGoesAwayThePageFallsBackToPollingTheDatabase()
    {
        await using var doomed = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["AlatauPay:Redis:Configuration"] = doomed.Configuration,
            ["AlatauPay:StatusFeed:PollInterval"] = "00:00:00.200",
            ["AlatauPay:StatusFeed:RecheckInterval"] = NeverPoll,
        };
        var (a, b) = await PairAsync("fanout-fallback", settings);
        var invoice = (await a.Client.CreateInvoiceAsync("fanout-fallback"))["id"]!.GetValue<string>();

        await using var page = await StatusStream.OpenAsync(b, invoice);
        Assert.Equal("new", (await page.NextStatusAsync(Patience))["state"]!.GetValue<string>());
        await doomed.StopAsync();
        (await a.Client.PostAsync($"/v1/invoices/{invoice}/cancel", null)).EnsureSuccessStatusCode();
        var update = await page.NextStatusAsync(Patience);

        Assert.Equal("cancelled", update["state"]!.GetValue<string>());
    }

    private async Task<(PostgresGateway A, PostgresGateway B)> PairAsync(string department, IReadOnlyDictionary<string, string?> settings)
    {
        var database = await postgres.CreateDatabaseAsync(department.Replace('-', '_'));
        var a = new PostgresGateway(database, settings);
        gateways.Add(a);
        await a.InitializeAsync();
        var b = new PostgresGateway(database, settings);
        gateways.Add(b);
        await b.InitializeAsync();
        await a.Client.CreateDepartmentAsync(department);
        return (a, b);
    }

    /// <summary>A resident's live status stream, read event by event.</summary>
    private sealed class StatusStream : IAsyncDisposable
    {
        private readonly HttpClient client;
        private readonly HttpResponseMessage response;
        private readonly StreamReader reader;

        private StatusStream(HttpClient client, HttpResponseMessage response, StreamReader reader)
        {
            this.client = client;
            this.response = response;
            this.reader = reader;
        }

        public static async Task<StatusStream> OpenAsync(GatewayHost gateway, string invoice)
        {
            var client = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
            var response = await client.GetAsync($"/pay/{invoice}/events", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            return new StatusStream(client, response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        }

        public async Task<JsonNode> NextStatusAsync(TimeSpan within)
        {
            using var timeout = new CancellationTokenSource(within);
            try
            {
                var inStatus = false;
                while (await reader.ReadLineAsync(timeout.Token) is { } line)
                {
                    if (line == "event: status")
                    {
                        inStatus = true;
                    }
                    else if (inStatus && line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        return JsonNode.Parse(line["data: ".Length..])!;
                    }
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                Assert.Fail($"no status event within {within.TotalSeconds:F0} s");
            }

            Assert.Fail("the stream ended before the next status event");
            return null!;
        }

        public async ValueTask DisposeAsync()
        {
            reader.Dispose();
            response.Dispose();
            client.Dispose();
            await Task.CompletedTask;
        }
    }
}
