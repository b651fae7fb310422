using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace AlatauPay.Benchmarks;

/// <summary>The run as markdown, ready to paste into <c>docs/benchmarks.md</c>.</summary>
public sealed class BenchReport(
    BenchOptions options, RateResult raw, LoadResult trivial, LoadResult invoices, (long Batches, long Units) commits, DateTimeOffset finishedAt)
{
    /// <summary>The foundation issue's goal: invoices/s at least this share of raw committed inserts/s.</summary>
    public const double GoalOfRawCommitRate = 0.7;

    public bool Succeeded => trivial.Failures == 0 && invoices.Failures == 0 && invoices.Rate.Operations > 0;

    public double InvoiceToRaw => invoices.Rate.PerSecond / raw.PerSecond;

    public double InvoiceToTrivial => invoices.Rate.PerSecond / trivial.Rate.PerSecond;

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        Line(text, $"Command: `dotnet run -c Release --project tests/bench/AlatauPay.Benchmarks -- {string.Join(' ', options.Arguments)}`");
        Line(text, $"Run: {finishedAt:yyyy-MM-dd HH:mm} UTC, {Build}, .NET {Environment.Version}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} logical CPUs");
        Line(text, $"Phases: {options.Phase.TotalSeconds:0.#} s measured after {options.WarmUp.TotalSeconds:0.#} s warm-up, {options.Concurrency} concurrent HTTP/1.1 workers in the same process");
        Line(text, $"");
        Line(text, $"| synchronous | invoices/s | invoice p50 ms | invoice p99 ms | trivial req/s | trivial p50 / p99 ms | raw commits/s | invoice ÷ raw | invoice ÷ trivial | CPU ms per invoice / per trivial |");
        Line(text, $"| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Line(text, $"| {options.Synchronous} | {invoices.Rate.PerSecond:N0} | {invoices.P50Milliseconds:0.00} | {invoices.P99Milliseconds:0.00} | {trivial.Rate.PerSecond:N0} | {trivial.P50Milliseconds:0.00} / {trivial.P99Milliseconds:0.00} | {raw.PerSecond:N0} | {InvoiceToRaw:0.00} | {InvoiceToTrivial:0.000} | {invoices.CpuMillisecondsPerOperation:0.000} / {trivial.CpuMillisecondsPerOperation:0.000} |");
        Line(text, $"");
        if (commits.Batches > 0)
        {
            Line(text, $"Group commit in the invoice phase (warm-up included): {commits.Units:N0} units of work in {commits.Batches:N0} COMMITs, {(double)commits.Units / commits.Batches:0.00} per COMMIT.");
        }

        Line(text, $"Goal (invoices/s ≥ {GoalOfRawCommitRate:0.0} × raw commits/s): {(InvoiceToRaw >= GoalOfRawCommitRate ? "met" : "missed")}.");
        AppendFailures(text, "GET /health/live", trivial);
        AppendFailures(text, "POST /v1/invoices", invoices);
        if (invoices.Rate.Operations == 0)
        {
            Line(text, $"FAILED: no invoice was created in the measured window.");
        }

        return text.ToString();
    }

    private static string Build =>
#if DEBUG
        "DEBUG build (figures not representative)";
#else
        "Release build";
#endif

    private static void AppendFailures(StringBuilder text, string endpoint, LoadResult result)
    {
        if (result.Failures > 0)
        {
            Line(text, $"FAILED: {endpoint} answered {result.Failures:N0} requests wrongly; first: {result.FirstFailure}");
        }
    }

    private static void Line(StringBuilder text, FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}
