using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using AlatauPay.Application.Audit.Check;

namespace AlatauPay.Drills;

/// <summary>
/// The drill's client: creates invoices with an Idempotency-Key each, retrying the same key through any fault
/// until the gateway answers, records every 201 it was given as an acknowledged write, pays some of the
/// invoices from the regtest and anvil wallets, and keeps both chains mining.
/// </summary>
public sealed class LoadDriver(DrillWorld world, Func<IReadOnlyList<DrillGateway>> gateways, int seed)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    private readonly SemaphoreSlim wallets = new(1, 1);
    private readonly ConcurrentDictionary<string, string?> acknowledged = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> paid = new(StringComparer.Ordinal);
    private long requests;
    private long created;
    private long attempts;

    public int Invoices => acknowledged.Count;

    public int Payments => paid.Count;

    public long Requests => Interlocked.Read(ref requests);

    public IReadOnlyList<AcknowledgedWrite> Acknowledged => [.. acknowledged.Select(a => new AcknowledgedWrite(a.Key, a.Value))];

    /// <summary>Clients creating and paying invoices at once.</summary>
    private const int Clients = 4;

    /// <summary>Runs until <paramref name="stop"/>: <see cref="Clients"/> clients creating and paying invoices, one miner.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var miner = MineAsync(stop);
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => ClientAsync(new Random(seed + client), stop)));
        await miner;
    }

    private async Task ClientAsync(Random random, CancellationToken stop)
    {
        var turn = 0;
        while (!stop.IsCancellationRequested)
        {
            var invoice = await CreateInvoiceAsync(random, stop);
            if (invoice is null)
            {
                continue;
            }

            if (random.NextDouble() < 0.5)
            {
                await PayAsync(invoice, turn++ % 2 == 0 ? "LTC" : "ETH");
            }

            if (Interlocked.Increment(ref created) % 10 == 0)
            {
                // Each read of the tree head signs one, so heads are published while the faults go on.
                await SendAsync(HttpMethod.Get, "/v1/ledger/tree-head", null, null);
            }
        }
    }

    /// <summary>
    /// After the faults: mines until every paid invoice is settled (by any gateway still up), recording each as
    /// acknowledged settled. Returns the invoices still unsettled when <paramref name="within"/> ran out.
    /// </summary>
    public async Task<IReadOnlyList<string>> SettleEverythingAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var open = new HashSet<string>(paid.Keys, StringComparer.Ordinal);
        while (open.Count > 0 && DateTime.UtcNow < deadline)
        {
            await world.Litecoin.MineAsync(1);
            await world.Ethereum.Anvil.MineAsync(4);
            foreach (var id in open.ToList())
            {
                var status = await StatusAsync(id);
                if (status == "settled")
                {
                    acknowledged[id] = "settled";
                    open.Remove(id);
                }
            }

            if (open.Count > 0)
            {
                await Task.Delay(500);
            }
        }

        return [.. open];
    }

    private async Task<JsonNode?> CreateInvoiceAsync(Random random, CancellationToken stop)
    {
        var key = Guid.NewGuid().ToString("N");
        var body = new JsonObject
        {
            ["department"] = DrillWorld.Department,
            ["service"] = "cold-water",
            ["payer"] = new JsonObject { ["account"] = $"ACC-{random.Next(1000, 9999)}" },
            ["amount"] = new JsonObject { ["currency"] = "KZT", ["value"] = $"{random.Next(500, 20000)}.{random.Next(0, 99):00}" },
            ["methods"] = new JsonArray("LTC", "ETH"),
        }.ToJsonString();
        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < GiveUpAfter)
        {
            var (status, json) = await SendAsync(HttpMethod.Post, "/v1/invoices", body, key);
            if (status == HttpStatusCode.Created && json?["id"]?.GetValue<string>() is { } id)
            {
                acknowledged.TryAdd(id, null);
                return json;
            }

            if (status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity)
            {
                throw new InvalidOperationException($"The gateway refused a well-formed invoice ({(int)status}): {json}");
            }

            if (stop.IsCancellationRequested && status is null)
            {
                return null;
            }

            await Task.Delay(200, CancellationToken.None);
        }

        throw new TimeoutException($"No gateway acknowledged invoice request {key} within {GiveUpAfter.TotalMinutes} minutes.");
    }

    private async Task PayAsync(JsonNode invoice, string method)
    {
        var id = invoice["id"]!.GetValue<string>();
        var target = invoice["paymentMethods"]!.AsArray().Single(m => m!["method"]!.GetValue<string>() == method)!;
        var destination = target["destination"]!.GetValue<string>();
        var due = target["due"]!["value"]!.GetValue<string>();
        await wallets.WaitAsync();
        try
        {
            if (method == "LTC")
            {
                await world.Litecoin.SendAsync(destination, decimal.Parse(due, CultureInfo.InvariantCulture));
            }
            else
            {
                await world.Ethereum.Anvil.SendAsync(world.Ethereum.Resident, destination, Wei(due));
            }
        }
        finally
        {
            wallets.Release();
        }

        paid[id] = method;
    }

    private async Task MineAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(1000, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await world.Litecoin.MineAsync(1);
            await world.Ethereum.Anvil.MineAsync(3);
        }
    }

    private async Task<string?> StatusAsync(string id)
    {
        var (status, json) = await SendAsync(HttpMethod.Get, $"/v1/invoices/{id}", null, null);
        return status == HttpStatusCode.OK ? json?["status"]?.GetValue<string>() : null;
    }

    /// <summary>One request to one of the gateways up now, in turn; null status when none answered.</summary>
    private async Task<(HttpStatusCode? Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body, string? idempotencyKey)
    {
        var up = gateways().Where(g => g.ProcessId is not null).ToList();
        if (up.Count == 0)
        {
            return (null, null);
        }

        var gateway = up[(int)(Interlocked.Increment(ref attempts) % up.Count)];
        using var client = new HttpClient { BaseAddress = gateway.Address, Timeout = RequestTimeout };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DrillWorld.AdminKey);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        Interlocked.Increment(ref requests);
        try
        {
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text) : null);
        }
        catch (Exception fault) when (fault is HttpRequestException or TaskCanceledException or IOException)
        {
            return (null, null);
        }
    }

    private static BigInteger Wei(string ether)
    {
        var parts = ether.Split('.');
        var fraction = (parts.Length > 1 ? parts[1] : "").PadRight(18, '0');
        return BigInteger.Parse(parts[0] + fraction, CultureInfo.InvariantCulture);
    }
}
