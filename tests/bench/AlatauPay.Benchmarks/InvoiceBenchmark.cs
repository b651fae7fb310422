using System.Globalization;
using System.Net;

namespace AlatauPay.Benchmarks;

/// <summary>The three phases, in order, in one directory on one disk.</summary>
public static class InvoiceBenchmark
{
    public static async Task<BenchReport> RunAsync(BenchOptions options, string workDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Progress($"Phases of {options.Phase.TotalSeconds:0.#} s after {options.WarmUp.TotalSeconds:0.#} s warm-up; {options.Concurrency} workers; synchronous={options.Synchronous}; files in {workDirectory}");

        var raw = RawCommitBaseline.Measure(
            Path.Combine(workDirectory, "raw.db"), options.Synchronous, options.WarmUp, options.Phase, cancellationToken);
        Progress($"raw commits: {raw.PerSecond:N0}/s");

        await using var gateway = await GatewayUnderTest.StartAsync(
            Path.Combine(workDirectory, "bench.db"), options.Synchronous, options.Concurrency, cancellationToken);
        var load = new HttpLoad(gateway.Client, options.Concurrency);

        var trivial = await load.MeasureAsync(gateway.NewHealthRequest, HttpStatusCode.OK, options.WarmUp, options.Phase, cancellationToken);
        Progress($"GET /health/live: {trivial.Rate.PerSecond:N0}/s, {trivial.Failures} failed");

        var before = gateway.Committed;
        var invoices = await load.MeasureAsync(gateway.NewInvoiceRequest, HttpStatusCode.Created, options.WarmUp, options.Phase, cancellationToken);
        var after = gateway.Committed;
        var commits = (Batches: after.Batches - before.Batches, Units: after.Units - before.Units);
        Progress($"POST /v1/invoices: {invoices.Rate.PerSecond:N0}/s, {invoices.Failures} failed; {commits.Units:N0} units of work in {commits.Batches:N0} COMMITs");

        return new BenchReport(options, raw, trivial, invoices, commits, DateTimeOffset.UtcNow);
    }

    private static void Progress(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
