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
        Line(text, $"Run {At:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {Options.Phase.TotalSeconds:0.#} s phases after {Options.WarmUp.TotalSeconds:0.#} s warm-up, {Options.Concurrency} clients.");
        text.AppendLine();
        Line(text, $"| measure | rate | ratio to raw inserts | CPU ms per operation: this process / PostgreSQL |");
        Line(text, $"| --- | ---: | ---: | ---: |");
        Row(text, "raw single-row committed INSERT (1 connection)", Raw, "");
        foreach (var cluster in Clusters)
        {
            Row(text, $"POST /v1/invoices, {cluster.Instances} instance(s)", cluster.Invoices, "");
            Row(text, $"settlements (SettleInvoiceCommand), {cluster.Instances} instance(s)", cluster.Settlements, "");
        }

        Row(text, "ledger entries, 1 per transaction", LedgerSingle, " (per entry)");
        Row(text, $"ledger entries, {Options.Batch} per transaction", LedgerBatched, " (per entry)");
        text.AppendLine();
        var invoiceGoal = Clusters.All(c => c.Invoices.PerSecond / Raw.PerSecond >= RatioGoal);
        Line(text, $"Goals: invoices ≥ {RatioGoal:0.0}× raw inserts with every instance count: {(invoiceGoal ? "met" : "not met")}; batched ledger ≥ {LedgerGoal:N0} entries/s: {(LedgerBatched.PerSecond >= LedgerGoal ? "met" : "not met")}.");
        foreach (var failed in Clusters.SelectMany(c => new[] { c.Invoices, c.Settlements }).Append(LedgerSingle).Append(LedgerBatched).Where(r => r.Failures > 0))
        {
            Line(text, $"Failures: {failed.Failures}, first: {failed.FirstFailure}");
        }

        return text.ToString();
    }

    private void Row(StringBuilder text, string measure, Rate rate, string unit)
    {
        var cpu = rate.CpuPerOperation is { } perOperation ? $"{perOperation.Process:0.000} / {perOperation.Server:0.000}{unit}" : "–";
        Line(text, $"| {measure} | {rate.PerSecond:N0}/s | {rate.PerSecond / Raw.PerSecond:0.00} | {cpu} |");
    }

    private static void Line(StringBuilder text, FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}
