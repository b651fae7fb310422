using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace AlatauPay.Fuzz;

/// <summary>What a run sent, how it was answered, and what broke.</summary>
public sealed class FuzzReport
{
    private readonly ConcurrentDictionary<Outcome, int> outcomes = new();
    private readonly ConcurrentDictionary<int, int> statuses = new();
    private readonly ConcurrentDictionary<Write, int> acknowledged = new();
    private readonly ConcurrentDictionary<string, bool> reusedKeysAccepted = new();
    private readonly ConcurrentQueue<string> failures = new();
    private int sent;
    private int failureCount;

    public int Seed { get; init; }

    public int Sent => sent;

    public int Failures => failureCount;

    public TimeSpan Elapsed { get; set; }

    public IReadOnlyList<string> FailureSamples => [.. failures];

    public IList<string> AuditFindings { get; } = [];

    public IList<string> AuditFigures { get; } = [];

    public IList<string> SlowClientFindings { get; } = [];

    public IList<string> SlowClientFigures { get; } = [];

    public bool Succeeded => failureCount == 0 && AuditFindings.Count == 0 && SlowClientFindings.Count == 0;

    public int Count(Outcome outcome) => outcomes.GetValueOrDefault(outcome);

    /// <summary>Rows the 2xx answers acknowledged creating, per kind; a reused Idempotency-Key creates at most once.</summary>
    public int Acknowledged(Write write) =>
        acknowledged.GetValueOrDefault(write) + reusedKeysAccepted.Keys.Count(k => k.StartsWith(write + ":", StringComparison.Ordinal));

    public void Record(HostileRequest request, RawResponse? response, Judgement judgement)
    {
        Interlocked.Increment(ref sent);
        outcomes.AddOrUpdate(judgement.Outcome, 1, (_, n) => n + 1);
        statuses.AddOrUpdate(response?.Status ?? 0, 1, (_, n) => n + 1);
        if (judgement.Outcome == Outcome.Accepted && request.Method == "POST" && request.Endpoint.Writes is not Write.None and not Write.Other)
        {
            if (request.ReusedKey)
            {
                reusedKeysAccepted[request.Endpoint.Writes + ":" + request.IdempotencyKey] = true;
            }
            else
            {
                acknowledged.AddOrUpdate(request.Endpoint.Writes, 1, (_, n) => n + 1);
            }
        }

        if (judgement.Outcome == Outcome.Failure && Interlocked.Increment(ref failureCount) <= 50)
        {
            var body = response is null ? "" : response.BodyText;
            failures.Enqueue($"#{request.Index} [{request.Kind}] {Target(request)}: {judgement.Reason}; body: {Shorten(body)}");
        }
    }

    public void Fail(HostileRequest request, string reason)
    {
        Interlocked.Increment(ref sent);
        outcomes.AddOrUpdate(Outcome.Failure, 1, (_, n) => n + 1);
        if (Interlocked.Increment(ref failureCount) <= 50)
        {
            failures.Enqueue($"#{request.Index} [{request.Kind}] {Target(request)}: {reason}");
        }
    }

    public string ToText()
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"seed {Seed}: {Sent:N0} requests in {Elapsed.TotalSeconds:F1} s ({Sent / Math.Max(Elapsed.TotalSeconds, 0.001):F0}/s)");
        foreach (var outcome in Enum.GetValues<Outcome>())
        {
            text.AppendLine(invariant, $"  {outcome,-16} {Count(outcome),9:N0}");
        }

        text.AppendLine("  statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "none" : s.Key)}×{s.Value:N0}")));
        text.AppendLine("  acknowledged creations: " + string.Join(", ", new[] { Write.Department, Write.Invoice, Write.Webhook, Write.ApiKey }.Select(w => $"{w} {Acknowledged(w):N0}")));
        foreach (var figure in AuditFigures.Concat(SlowClientFigures))
        {
            text.AppendLine("  " + figure);
        }

        foreach (var failure in FailureSamples)
        {
            text.AppendLine("  FAIL " + failure);
        }

        foreach (var finding in AuditFindings.Concat(SlowClientFindings))
        {
            text.AppendLine("  FAIL " + finding);
        }

        text.AppendLine(Succeeded ? "verdict: PASS (zero 5xx, zero wrong answers, zero partial writes)" : $"verdict: FAIL ({Failures + AuditFindings.Count + SlowClientFindings.Count} findings)");
        return text.ToString();
    }

    /// <summary>The request line as sent, for finding the request again.</summary>
    private static string Target(HostileRequest request)
    {
        var line = System.Text.Encoding.Latin1.GetString(request.Bytes, 0, Math.Min(request.Bytes.Length, 400));
        var end = line.IndexOf("\r\n", StringComparison.Ordinal);
        return Shorten(end < 0 ? line : line[..end]);
    }

    private static string Shorten(string body)
    {
        var flat = body.Replace('\n', ' ').Replace('\r', ' ');
        return flat.Length <= 300 ? flat : flat[..300] + "…";
    }
}
