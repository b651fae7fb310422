using AlatauPay.Bench;
using AlatauPay.Postgres.Benchmarks;

if (!PgBenchOptions.TryParse(args, out var options, out var problem))
{
    await Console.Error.WriteLineAsync(problem);
    await Console.Error.WriteLineAsync(PgBenchOptions.Usage);
    return 2;
}

return await BenchCommandLine.RunAsync(
    "alataupay-pgbench-",
    async (directory, stopping) =>
    {
        var report = await PostgresBenchmark.RunAsync(options, directory, stopping);
        return (report.ToMarkdown(), report.Succeeded);
    });
