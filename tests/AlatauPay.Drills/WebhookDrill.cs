using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AlatauPay.Application.Audit.Check;
using AlatauPay.Cli.Audit;
using AlatauPay.Testing;

namespace AlatauPay.Drills;

/// <summary>
/// The webhooks drill: receivers that fail (500), hang, answer past the gateway's timeout or answer 410,
/// beside two healthy ones, while the real gateway process is SIGKILLed and SIGTERMed with deliveries in
/// flight. Then the failing, hanging and slow receivers recover, and the drill checks the webhook
/// invariants on what the receivers saw, and the store's invariants with <c>alatau audit check</c>.
/// </summary>
public static partial class Drills
{
    /// <summary>Endpoints that answer 2xx at once throughout.</summary>
    internal static readonly string[] HealthyHooks = ["healthy-a", "healthy-b"];

    /// <summary>Endpoints that fail, hang or answer too slowly until the faults stop, then recover.</summary>
    internal static readonly (string Name, HookBehaviour Behaviour)[] RecoveringHooks =
        [("failing", HookBehaviour.Failing), ("hanging", HookBehaviour.Hanging), ("slow", HookBehaviour.Slow)];

    internal const string GoneHook = "gone";

    private const string HookDepartment = "hooks";

    /// <summary>The receiver's timeout; the slow endpoint answers three times later.</summary>
    private static readonly TimeSpan HookTimeout = TimeSpan.FromSeconds(1);

    /// <summary>How long a request is sent again while the gateway restarts.</summary>
    private static readonly TimeSpan ResendWithin = TimeSpan.FromSeconds(90);

    /// <summary>After a restart, how long the healthy endpoints may take to have every event so far.</summary>
    internal static readonly TimeSpan HealthyWithin = TimeSpan.FromSeconds(20);

    /// <summary>
    /// <paramref name="events"/> invoices (one <c>invoice.created</c> event each) in <paramref name="restarts"/>
    /// bursts; at a random moment into each burst the gateway is SIGKILLed (odd restarts) or SIGTERMed (even
    /// ones), while invoices are created, deliveries are under way and the hostile endpoints hold attempts
    /// open, and started again.
    /// </summary>
    public static async Task<DrillResult> WebhooksAsync(int events, int restarts, DrillStore store, int seed, TextWriter progress)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(restarts, 1);
        var random = new Random(seed);
        await using var world = await DrillWorld.StartAsync(store, redis: false, chains: false);
        await using var receiver = await HostileWebhookReceiver.StartAsync();
        receiver.SlowDelay = HookTimeout * 3;
        var gateway = world.AddGateway("gateway", TimeSpan.FromSeconds(2), new Dictionary<string, string?>
        {
            ["AlatauPay:Webhooks:InitialBackoff"] = "00:00:00.200",
            ["AlatauPay:Webhooks:MaxBackoff"] = "00:00:01",
            ["AlatauPay:Webhooks:Timeout"] = HookTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["AlatauPay:Webhooks:PollInterval"] = "00:00:00.050",
            ["AlatauPay:ShutdownTimeout"] = "00:00:05",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await gateway.StartAsync(StartWithin);
        using var client = new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DrillWorld.AdminKey);
        await DrillWorld.CreateDepartmentAsync(gateway, HookDepartment, ethereum: false);
        foreach (var (name, behaviour) in RecoveringHooks.Append((GoneHook, HookBehaviour.Gone)))
        {
            receiver.Set(name, behaviour);
        }

        var hookIds = await RegisterHooksAsync(client, receiver);
        progress.WriteLine($"drill webhooks: servers up in {world.Directory}; {events} events over {restarts} restarts");
        var clock = Stopwatch.StartNew();
        var invoices = new List<string>();
        var log = new RestartLog();
        for (var restart = 1; restart <= restarts; restart++)
        {
            var burst = (events * restart / restarts) - (events * (restart - 1) / restarts);
            var creating = CreateBurstAsync(client, $"hook-drill-{seed}-{restart}", burst, invoices);

            // A random moment into the burst: invoices are being created, their deliveries are under way, and
            // the hanging endpoint holds an attempt open.
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, (burst * 40) + 1)));
            await RestartAsync(gateway, restart % 2 == 1 ? "SIGKILL" : "SIGTERM", receiver, invoices, log);
            await creating;
            await WaitForHealthyAsync(receiver, invoices.Count, restart, log);
            Progress(progress, restart, restarts, "gateway restarts");
        }

        var duration = clock.Elapsed;
        foreach (var (name, _) in RecoveringHooks)
        {
            receiver.Set(name, HookBehaviour.Healthy);
        }

        // Retries wait at most MaxBackoff (1 s) apart; the recovered endpoints catch up well within this.
        var recovery = Stopwatch.StartNew();
        var caughtUp = await Until(
            () => HealthyHooks.Concat(RecoveringHooks.Select(r => r.Name)).All(h => receiver.Acknowledged(h).Count >= invoices.Count),
            TimeSpan.FromSeconds(60 + (events / 5)));
        progress.WriteLine($"  the recovered endpoints {(caughtUp ? "caught up" : "had not caught up")} in {recovery.Elapsed.TotalSeconds:F1} s");
        var eventIds = await EventIdsAsync(client);
        var gone = await SendAsync(client, HttpMethod.Get, $"/v1/webhooks/{hookIds[GoneHook]}", null);
        await gateway.StopAsync(TimeSpan.FromSeconds(30));
        progress.WriteLine($"  gateway stopped; checking ({clock.Elapsed.TotalSeconds:F0} s since the faults began)");

        var hooks = WebhookInvariants.Check(receiver, invoices.Count, eventIds, gone["status"]?.GetValue<string>(), log.HeldUp, caughtUp, log.Signals);
        var audit = await CheckCommand.RunAsync(world.Storage, [.. invoices.Select(id => new AcknowledgedWrite(id, null))], world.ChainSettings, CancellationToken.None);
        var attempts = receiver.All;
        var notes = new List<string>
        {
            $"{attempts.Count} delivery attempts: {string.Join(", ", AllHooks.Select(h => $"{h} {receiver.For(h).Count}"))}",
            $"abandoned by the gateway after its {HookTimeout.TotalSeconds:F0} s timeout: hanging {receiver.For("hanging").Count(r => r.Outcome == HookOutcome.Abandoned)}, slow {receiver.For("slow").Count(r => r.Outcome == HookOutcome.Abandoned)}",
            $"deliveries to the healthy endpoints still outstanding when the gateway was killed or stopped: {log.Outstanding} in all",
            $"slowest catch-up of the healthy endpoints after a restart: {log.SlowestCatchUp.TotalSeconds:F1} s (bound {HealthyWithin.TotalSeconds:F0} s)",
        };
        var faults = $"{restarts} gateway restarts ({log.Count("SIGKILL")} SIGKILL, {log.Count("SIGTERM")} SIGTERM, {store.ToString().ToLowerInvariant()}), {events} events × {AllHooks.Length} endpoints";
        return new DrillResult("webhooks", faults, invoices.Count, 0, invoices.Count, duration, [], [hooks, audit], notes);
    }

    private static string[] AllHooks => [.. HealthyHooks, .. RecoveringHooks.Select(r => r.Name), GoneHook];

    /// <summary>Registers every endpoint for the department's <c>invoice.created</c> events and gives the receiver their secrets.</summary>
    private static async Task<Dictionary<string, string>> RegisterHooksAsync(HttpClient client, HostileWebhookReceiver receiver)
    {
        var hookIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in AllHooks)
        {
            var created = await SendAsync(client, HttpMethod.Post, "/v1/webhooks", new JsonObject
            {
                ["url"] = receiver.UrlFor(name),
                ["eventTypes"] = new JsonArray("invoice.created"),
                ["departments"] = new JsonArray(HookDepartment),
            });
            hookIds[name] = created["id"]!.GetValue<string>();
            receiver.Trust(name, created["secret"]!.GetValue<string>());
        }

        return hookIds;
    }

    /// <summary>Kills or stops the gateway, noting when and how many healthy deliveries were still outstanding, and starts it again.</summary>
    private static async Task RestartAsync(DrillGateway gateway, string signal, HostileWebhookReceiver receiver, List<string> invoices, RestartLog log)
    {
        lock (invoices)
        {
            log.Outstanding += HealthyHooks.Sum(h => Math.Max(0, invoices.Count - receiver.Acknowledged(h).Count));
        }

        log.Signals.Add((DateTimeOffset.UtcNow, signal));
        if (signal == "SIGKILL")
        {
            await gateway.KillAsync();
        }
        else
        {
            await gateway.StopAsync(TimeSpan.FromSeconds(30));
        }

        await gateway.StartAsync(StartWithin);
    }

    /// <summary>The healthy endpoints must have every event so far soon after a restart, whatever the hanging one holds.</summary>
    private static async Task WaitForHealthyAsync(HostileWebhookReceiver receiver, int expected, int restart, RestartLog log)
    {
        var since = Stopwatch.StartNew();
        if (await Until(() => HealthyHooks.All(h => receiver.Acknowledged(h).Count >= expected), HealthyWithin))
        {
            log.SlowestCatchUp = since.Elapsed > log.SlowestCatchUp ? since.Elapsed : log.SlowestCatchUp;
        }
        else
        {
            log.HeldUp.Add($"restart {restart}: the healthy endpoints had {string.Join(", ", HealthyHooks.Select(h => receiver.Acknowledged(h).Count))} of {expected} events {HealthyWithin.TotalSeconds:F0} s after the gateway was up again");
        }
    }

    /// <summary>Creates <paramref name="count"/> invoices over four connections, each added to <paramref name="invoices"/> once acknowledged.</summary>
    private static async Task CreateBurstAsync(HttpClient client, string keyPrefix, int count, List<string> invoices)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var id = await CreateHookInvoiceAsync(client, $"{keyPrefix}-{index}");
                lock (invoices)
                {
                    invoices.Add(id);
                }
            }
        })));
    }

    /// <summary>Creates an invoice with its own Idempotency-Key, sending it again until it is acknowledged.</summary>
    private static async Task<string> CreateHookInvoiceAsync(HttpClient client, string key)
    {
        var body = new JsonObject
        {
            ["department"] = HookDepartment,
            ["service"] = "cold-water",
            ["payer"] = new JsonObject { ["account"] = "ACC-1001" },
            ["amount"] = new JsonObject { ["currency"] = "KZT", ["value"] = "1000.00" },
            ["methods"] = new JsonArray("LTC"),
        };
        return (await SendAsync(client, HttpMethod.Post, "/v1/invoices", body, key))["id"]!.GetValue<string>();
    }

    private static async Task<JsonNode> SendAsync(HttpClient client, HttpMethod method, string path, JsonObject? body, string? key = null)
    {
        key ??= Guid.NewGuid().ToString("N");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var last = deadline.Elapsed > ResendWithin;
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
                request.Headers.Add("Idempotency-Key", key);
            }

            try
            {
                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    return JsonNode.Parse(text)!;
                }

                if ((int)response.StatusCode < 500 || last)
                {
                    throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
                }
            }
            catch (Exception lost) when (lost is HttpRequestException or TaskCanceledException && !last)
            {
                // The gateway is restarting, or the answer was lost; the same Idempotency-Key makes sending it again safe.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Every event id the gateway stored, through the events API's pages.</summary>
    private static async Task<IReadOnlySet<string>> EventIdsAsync(HttpClient client)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? after = null;
        while (true)
        {
            var page = await SendAsync(client, HttpMethod.Get, $"/v1/events?limit=100{(after is null ? "" : $"&startingAfter={after}")}", null);
            var data = page["data"]!.AsArray();
            foreach (var item in data)
            {
                ids.Add(item!["id"]!.GetValue<string>());
            }

            if (!page["hasMore"]!.GetValue<bool>() || data.Count == 0)
            {
                return ids;
            }

            after = data[^1]!["id"]!.GetValue<string>();
        }
    }

    /// <summary>Waits for <paramref name="condition"/> (the shared polling loop); false if it did not hold in time.</summary>
    private static async Task<bool> Until(Func<bool> condition, TimeSpan within)
    {
        try
        {
            await Wait.UntilAsync(condition, "webhook deliveries", within);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The restarts a webhooks drill made, and what the healthy endpoints showed around them.</summary>
    private sealed class RestartLog
    {
        public List<(DateTimeOffset At, string Signal)> Signals { get; } = [];

        public List<string> HeldUp { get; } = [];

        public int Outstanding { get; set; }

        public TimeSpan SlowestCatchUp { get; set; }

        public int Count(string signal) => Signals.Count(s => s.Signal == signal);
    }
}
