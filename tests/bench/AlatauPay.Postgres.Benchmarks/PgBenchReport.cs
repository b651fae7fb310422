using System.Globalization;
using System.Text;

namespace AlatauPay.Postgres.Benchmarks;

/// <summary>Invoices and settlements with a number of instances.</summary>
public sealed record ClusterResult(int Instances, Rate Invoices, Rate Settlements);

/// <summary>The run's figures as the markdown table docs/benchmarks.md keeps, and whether the goals were met.</summary>
public sealed record PgBenchReport(PgBenchOptions Options, Rate Raw, IReadOnlyList<ClusterResult> Clusters, Rate LedgerSingle, Rate LedgerBatched, DateTimeOffset At)
{
    public const double RatioGoal = 0.7;
    public const double LedgerGoal = 10_000;

    public bool Succeeded =>
        Clusters.All(c => c.Invoices.Failures == 0 && c.Settlements.Failures == 0) && LedgerSingle.Failures == 0 && LedgerBatched.Failures == 0;

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        Line(text, $"Run {At:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {Options.Phase.TotalSeconds:0.#} s phases, {Options.Concurrency} clients.");
        text.AppendLine();
        Line(text, $"| measure | rate | ratio to raw inserts |");
        Line(text, $"| --- | ---: | ---: |");
        Line(text, $"| raw single-row committed INSERT (1 connection) | {Raw.PerSecond:N0}/s | 1.00 |");
        foreach (var cluster in Clusters)
        {
            Line(text, $"| POST /v1/invoices, {cluster.Instances} instance(s) | {cluster.Invoices.PerSecond:N0}/s | {cluster.Invoices.PerSecond / Raw.PerSecond:0.00} |");
            Line(text, $"| settlements (SettleInvoiceCommand), {cluster.Instances} instance(s) | {cluster.Settlements.PerSecond:N0}/s | {cluster.Settlements.PerSecond / Raw.PerSecond:0.00} |");
        }

        Line(text, $"| ledger entries, 1 per transaction | {LedgerSingle.PerSecond:N0}/s | {LedgerSingle.PerSecond / Raw.PerSecond:0.00} |");
        Line(text, $"| ledger entries, {Options.Batch} per transaction | {LedgerBatched.PerSecond:N0}/s | {LedgerBatched.PerSecond / Raw.PerSecond:0.00} |");
        text.AppendLine();
        var invoiceGoal = Clusters.All(c => c.Invoices.PerSecond / Raw.PerSecond >= RatioGoal);
        Line(text, $"Goals: invoices ≥ {RatioGoal:0.0}× raw inserts with every instance count: {(invoiceGoal ? "met" : "not met")}; batched ledger ≥ {LedgerGoal:N0} entries/s: {(LedgerBatched.PerSecond >= LedgerGoal ? "met" : "not met")}.");
        foreach (var failed in Clusters.SelectMany(c => new[] { c.Invoices, c.Settlements }).Append(LedgerSingle).Append(LedgerBatched).Where(r => r.Failures > 0))
        {
            Line(text, $"Failures: {failed.Failures}, first: {failed.FirstFailure}");
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}
