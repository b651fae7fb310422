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
    private static readonly TimeSpan HealthyWithin = TimeSpan.FromSeconds(20);

    /// <summary>
    /// <paramref name="events"/> invoices (one <c>invoice.created</c> event each) in <paramref name="restarts"/>
    /// bursts; after each burst the gateway is SIGKILLed (odd restarts) or SIGTERMed (even ones) a random
    /// moment later, while the hostile endpoints hold attempts open, and started again.
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

        progress.WriteLine($"drill webhooks: servers up in {world.Directory}; {events} events over {restarts} restarts");
        var clock = Stopwatch.StartNew();
        var invoices = new List<string>();
        var slowestCatchUp = TimeSpan.Zero;
        var heldUp = new List<string>();
        var (kills, terms, outstanding) = (0, 0, 0);
        var signals = new List<(DateTimeOffset At, string Signal)>();
        for (var restart = 1; restart <= restarts; restart++)
        {
            var burst = (events * restart / restarts) - (events * (restart - 1) / restarts);
            var creating = CreateBurstAsync(client, $"hook-drill-{seed}-{restart}", burst, invoices);

            // A random moment into the burst: invoices are being created, their deliveries are under way, and
            // the hanging endpoint holds an attempt open.
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, (burst * 40) + 1)));
            lock (invoices)
            {
                outstanding += HealthyHooks.Sum(h => Math.Max(0, invoices.Count - receiver.Acknowledged(h).Count));
            }

            signals.Add((DateTimeOffset.UtcNow, restart % 2 == 1 ? "SIGKILL" : "SIGTERM"));
            if (restart % 2 == 1)
            {
                await gateway.KillAsync();
                kills++;
            }
            else
            {
                await gateway.StopAsync(TimeSpan.FromSeconds(30));
                terms++;
            }

            await gateway.StartAsync(StartWithin);
            await creating;
            var since = Stopwatch.StartNew();
            var expected = invoices.Count;
            if (await Until(() => HealthyHooks.All(h => receiver.Acknowledged(h).Count >= expected), HealthyWithin))
            {
                slowestCatchUp = since.Elapsed > slowestCatchUp ? since.Elapsed : slowestCatchUp;
            }
            else
            {
                heldUp.Add($"restart {restart}: the healthy endpoints had {string.Join(", ", HealthyHooks.Select(h => receiver.Acknowledged(h).Count))} of {expected} events {HealthyWithin.TotalSeconds:F0} s after the gateway was up again");
            }

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

        var hooks = CheckHooks(receiver, invoices.Count, eventIds, gone["status"]?.GetValue<string>(), heldUp, caughtUp, signals);
        var audit = await CheckCommand.RunAsync(world.Storage, [.. invoices.Select(id => new AcknowledgedWrite(id, null))], world.ChainSettings, CancellationToken.None);
        var attempts = receiver.All;
        var notes = new List<string>
        {
            $"{attempts.Count} delivery attempts: {string.Join(", ", AllHooks.Select(h => $"{h} {receiver.For(h).Count}"))}",
            $"abandoned by the gateway after its {HookTimeout.TotalSeconds:F0} s timeout: hanging {receiver.For("hanging").Count(r => r.Outcome == HookOutcome.Abandoned)}, slow {receiver.For("slow").Count(r => r.Outcome == HookOutcome.Abandoned)}",
            $"deliveries to the healthy endpoints still outstanding when the gateway was killed or stopped: {outstanding} in all",
            $"slowest catch-up of the healthy endpoints after a restart: {slowestCatchUp.TotalSeconds:F1} s (bound {HealthyWithin.TotalSeconds:F0} s)",
        };
        var faults = $"{restarts} gateway restarts ({kills} SIGKILL, {terms} SIGTERM, {store.ToString().ToLowerInvariant()}), {events} events × {AllHooks.Length} endpoints";
        return new DrillResult("webhooks", faults, invoices.Count, 0, invoices.Count, duration, [], [hooks, audit], notes);
    }

    private static string[] AllHooks => [.. HealthyHooks, .. RecoveringHooks.Select(r => r.Name), GoneHook];

    /// <summary>The webhook invariants, as results of the same shape as the store checker's.</summary>
    private static InvariantReport CheckHooks(
        HostileWebhookReceiver receiver, int invoices, IReadOnlySet<string> eventIds, string? goneStatus, List<string> heldUp, bool caughtUp,
        List<(DateTimeOffset At, string Signal)> signals)
    {
        var all = receiver.All;
        var results = new List<InvariantResult>();

        var eventsMissing = eventIds.Count == invoices ? [] : new List<string> { $"{eventIds.Count} invoice.created events stored for {invoices} invoices acknowledged" };
        results.Add(new InvariantResult("one event per invoice", "each acknowledged invoice has exactly one invoice.created event", invoices, eventsMissing));

        foreach (var name in HealthyHooks.Concat(RecoveringHooks.Select(r => r.Name)))
        {
            var acknowledged = receiver.Acknowledged(name);
            var violations = eventIds.Except(acknowledged).Take(20).Select(id => $"{name} never acknowledged {id}")
                .Concat(acknowledged.Except(eventIds).Take(20).Select(id => $"{name} acknowledged {id}, which is no stored event"))
                .ToList();
            if (!caughtUp && violations.Count == 0)
            {
                violations.Add($"{name} had not caught up when the wait ended");
            }

            var healthy = HealthyHooks.Contains(name);
            results.Add(new InvariantResult(
                $"every event acknowledged by {name}",
                healthy ? "a healthy endpoint acknowledges every event" : "an endpoint that recovers acknowledges every event, the ones it failed included",
                eventIds.Count,
                violations));
        }

        results.Add(new InvariantResult(
            "signatures",
            "every request verifies against its endpoint's secret (HMAC-SHA256 of id.timestamp.body, checked by the receiver)",
            all.Count,
            [.. all.Where(r => r.SignatureValid != true).Take(50).Select(r => $"{r.Name} got {r.EventId} with a signature that does not verify")]));

        results.Add(new InvariantResult(
            "one body per event id",
            "every attempt of an event carries the same body, which names the event's id, to every endpoint",
            all.Select(r => r.EventId).Distinct().Count(),
            [.. all.GroupBy(r => r.EventId).Where(g => g.Select(r => r.Body).Distinct().Count() != 1).Take(50).Select(g => $"{g.Key} was sent with {g.Select(r => r.Body).Distinct().Count()} different bodies")
                .Concat(all.Where(r => !r.Body.Contains($"\"id\":\"{r.EventId}\"", StringComparison.Ordinal)).Take(50).Select(r => $"{r.Name} got webhook-id {r.EventId} with a body of another id"))]));

        // A SIGKILL that strikes after the receiver answered 410 and before the gateway recorded it loses the
        // answer with the process, like any delivery's: the next process tries once more (at least once). Any
        // other repeat, after a SIGTERM or with no restart between, is a violation.
        var goneAttempts = receiver.For(GoneHook).OrderBy(r => r.ReceivedAt).ToList();
        var goneViolations = new List<string>();
        if (goneAttempts.Count == 0)
        {
            goneViolations.Add("the 410 endpoint was never sent a request");
        }

        for (var i = 1; i < goneAttempts.Count; i++)
        {
            var (previous, next) = (goneAttempts[i - 1].ReceivedAt, goneAttempts[i].ReceivedAt);
            if (!signals.Any(s => s.Signal == "SIGKILL" && s.At > previous && s.At < next))
            {
                goneViolations.Add($"the 410 endpoint was sent request {i + 1} at {next:O} with no SIGKILL since request {i} at {previous:O}");
            }
        }

        if (goneStatus != "disabled")
        {
            goneViolations.Add($"the 410 endpoint's status is '{goneStatus}', not 'disabled'");
        }

        results.Add(new InvariantResult(
            "410 disables",
            "an endpoint answering 410 is disabled after exactly one attempt (one more only where a SIGKILL lost the answer)",
            goneAttempts.Count,
            goneViolations,
            goneAttempts.Count > 1 ? $"{goneAttempts.Count} attempts: each repeat followed a SIGKILL that struck while the previous answer was unrecorded" : null));
        results.Add(new InvariantResult(
            "healthy endpoints not held up",
            $"after every restart the healthy endpoints have every event so far within {HealthyWithin.TotalSeconds:F0} s, while the hanging endpoint holds attempts open",
            heldUp.Count == 0 ? 1 : heldUp.Count,
            heldUp));

        var exercised = new List<string>();
        if (!receiver.For("failing").Any(r => r.Outcome == HookOutcome.Failed))
        {
            exercised.Add("the failing endpoint never answered 500");
        }

        foreach (var name in new[] { "hanging", "slow" })
        {
            if (receiver.For(name).Count(r => r.Outcome == HookOutcome.Abandoned) < 2)
            {
                exercised.Add($"the {name} endpoint was not abandoned by the gateway and tried again");
            }
        }

        results.Add(new InvariantResult("faults exercised", "the hostile endpoints were failed, timed out and retried", 3, exercised));
        return new InvariantReport(results, 0, invoices, all.Count);
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
}
