using AlatauPay.Application.Audit.Check;
using AlatauPay.Testing;

namespace AlatauPay.Drills;

/// <summary>What the webhooks drill requires of the deliveries its receivers recorded.</summary>
internal static class WebhookInvariants
{
    /// <summary>The webhook invariants on what the receivers saw, as results of the same shape as the store checker's.</summary>
    public static InvariantReport Check(
        HostileWebhookReceiver receiver, int invoices, IReadOnlySet<string> eventIds, string? goneStatus, List<string> heldUp, bool caughtUp,
        List<(DateTimeOffset At, string Signal)> signals)
    {
        var all = receiver.All;
        var results = new List<InvariantResult>();

        var eventsMissing = eventIds.Count == invoices ? [] : new List<string> { $"{eventIds.Count} invoice.created events stored for {invoices} invoices acknowledged" };
        results.Add(new InvariantResult("one event per invoice", "each acknowledged invoice has exactly one invoice.created event", invoices, eventsMissing));

        foreach (var name in Drills.HealthyHooks.Concat(Drills.RecoveringHooks.Select(r => r.Name)))
        {
            var acknowledged = receiver.Acknowledged(name);
            var violations = eventIds.Except(acknowledged).Take(20).Select(id => $"{name} never acknowledged {id}")
                .Concat(acknowledged.Except(eventIds).Take(20).Select(id => $"{name} acknowledged {id}, which is no stored event"))
                .ToList();
            if (!caughtUp && violations.Count == 0)
            {
                violations.Add($"{name} had not caught up when the wait ended");
            }

            var healthy = Drills.HealthyHooks.Contains(name);
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
        var goneAttempts = receiver.For(Drills.GoneHook).OrderBy(r => r.ReceivedAt).ToList();
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
            $"after every restart the healthy endpoints have every event so far within {Drills.HealthyWithin.TotalSeconds:F0} s, while the hanging endpoint holds attempts open",
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
        // No ledger entries or chain observations here: the counts name the invoices whose events were checked.
        return new InvariantReport(results, 0, invoices, 0);
    }
}
