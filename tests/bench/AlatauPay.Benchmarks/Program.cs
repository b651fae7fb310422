using AlatauPay.Bench;
using AlatauPay.Benchmarks;
using Microsoft.Data.Sqlite;

if (!BenchOptions.TryParse(args, out var options, out var problem))
{
    await Console.Error.WriteLineAsync(problem);
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

// Both databases live in one directory so the baseline and the gateway write to the same disk.
return await BenchCommandLine.RunAsync(
    "alataupay-bench-",
    async (directory, stopping) =>
    {
        var report = await InvoiceBenchmark.RunAsync(options, directory, stopping);
        return (report.ToMarkdown(), report.Succeeded);
    },
    SqliteConnection.ClearAllPools);
