using System.Globalization;
using AlatauPay.Testing;

namespace AlatauPay.Postgres.Benchmarks;

/// <summary>The phases, in order, on one PostgreSQL server started for the run; each writer gets a database of its own.</summary>
public static class PostgresBenchmark
{
    public static async Task<PgBenchReport> RunAsync(PgBenchOptions options, string keyDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var server = await PostgresServer.StartAsync();
        Progress($"PostgreSQL on port {server.Port} (fsync on); phases of {options.Phase.TotalSeconds:0.#} s after {options.WarmUp.TotalSeconds:0.#} s warm-up; {options.Concurrency} clients");

        var meter = new CpuMeter(server.DataDirectory);
        var raw = await RawInserts.MeasureAsync(await server.CreateDatabaseAsync("raw"), options.WarmUp, options.Phase, meter, cancellationToken);
        Progress($"raw committed inserts: {raw.PerSecond:N0}/s");

        var clusters = new List<ClusterResult>();
        foreach (var count in new[] { 1, 3 })
        {
            await using var cluster = await GatewayCluster.StartAsync(
                count, await server.CreateDatabaseAsync($"gateway{count}"), keyDirectory, options.Concurrency, cancellationToken);
            await ClosedLoop.RunAsync(options.Concurrency, options.WarmUp, w => cluster.CreateInvoiceAsync(w, cancellationToken), cancellationToken);
            var invoices = await ClosedLoop.RunAsync(options.Concurrency, options.Phase, w => cluster.CreateInvoiceAsync(w, cancellationToken), cancellationToken, meter);
            Progress($"{count} instance(s), POST /v1/invoices: {invoices.PerSecond:N0}/s, {invoices.Failures} failed {invoices.FirstFailure}");
            // Settles what the creation phases made, warm-up's first; the phase ends early if they run out. The settling
            // code is not yet compiled to its final tier when creation ends, so it warms up too, on the oldest invoices.
            await ClosedLoop.RunAsync(options.Concurrency, options.WarmUp, w => cluster.SettleNextAsync(w, cancellationToken), cancellationToken);
            var settlements = await ClosedLoop.RunAsync(options.Concurrency, options.Phase, w => cluster.SettleNextAsync(w, cancellationToken), cancellationToken, meter);
            Progress($"{count} instance(s), settlements: {settlements.PerSecond:N0}/s, {settlements.Failures} failed {settlements.FirstFailure}");
            clusters.Add(new ClusterResult(count, invoices, settlements));
        }

        await using var ledger = await LedgerBatches.CreateAsync(await server.CreateDatabaseAsync("ledger"), cancellationToken);
        var single = await ledger.MeasureAsync(1, options.WarmUp, options.Phase, meter, cancellationToken);
        Progress($"ledger, 1 entry per transaction: {single.PerSecond:N0} entries/s");
        var batched = await ledger.MeasureAsync(options.Batch, options.WarmUp, options.Phase, meter, cancellationToken);
        Progress($"ledger, {options.Batch} entries per transaction: {batched.PerSecond:N0} entries/s");

        return new PgBenchReport(options, raw, clusters, single, batched, DateTimeOffset.UtcNow);
    }

    private static void Progress(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
