using AlatauPay.Application.Audit.Check;

namespace AlatauPay.Drills;

/// <summary>What a drill did and what the invariant checker found after it.</summary>
public sealed record DrillResult(
    string Drill,
    string Faults,
    int Invoices,
    int Payments,
    long Requests,
    TimeSpan Duration,
    IReadOnlyList<string> Unsettled,
    IReadOnlyList<InvariantReport> Reports,
    IReadOnlyList<string> Notes)
{
    public int Violations => Reports.Sum(r => r.ViolationCount) + Unsettled.Count;

    public double RequestsPerSecond => Requests / Math.Max(1, Duration.TotalSeconds);

    /// <summary><c>drill crash: 100 kills, 1234 invoices, 210 payments, 0 violations</c>.</summary>
    public string Verdict =>
        $"drill {Drill}: {Faults}, {Invoices} invoices, {Payments} payments, {Violations} violations";

    public void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var report in Reports)
        {
            foreach (var result in report.Results)
            {
                output.WriteLine($"  {(result.Holds ? "ok  " : "FAIL")} {result.Name} ({result.Checked} checked){(result.Note is null ? "" : $" — {result.Note}")}");
                foreach (var violation in result.Violations.Take(20))
                {
                    output.WriteLine($"       - {violation}");
                }
            }

            output.WriteLine($"  {report.Verdict}");
        }

        foreach (var id in Unsettled)
        {
            output.WriteLine($"  FAIL paid invoice {id} was not settled after the faults stopped");
        }

        foreach (var note in Notes)
        {
            output.WriteLine($"  note: {note}");
        }

        output.WriteLine($"  load: {Requests} requests in {Duration.TotalSeconds:F0} s ({RequestsPerSecond:F1}/s)");
        output.WriteLine(Verdict);
    }
}
