using AlatauPay.Benchmarks;
using Microsoft.Data.Sqlite;

if (!BenchOptions.TryParse(args, out var options, out var problem))
{
    await Console.Error.WriteLineAsync(problem);
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

// Both databases live in one directory so the baseline and the gateway write to the same disk.
var workDirectory = Directory.CreateTempSubdirectory("alataupay-bench-");
try
{
    var report = await InvoiceBenchmark.RunAsync(options, workDirectory.FullName, stopping.Token);
    Console.WriteLine();
    Console.WriteLine(report.ToMarkdown());
    return report.Succeeded ? 0 : 1;
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("Benchmark cancelled.");
    return 130;
}
finally
{
    SqliteConnection.ClearAllPools();
    workDirectory.Delete(recursive: true);
}
