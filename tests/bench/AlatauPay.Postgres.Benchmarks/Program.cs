using AlatauPay.Postgres.Benchmarks;

if (!PgBenchOptions.TryParse(args, out var options, out var problem))
{
    await Console.Error.WriteLineAsync(problem);
    await Console.Error.WriteLineAsync(PgBenchOptions.Usage);
    return 2;
}

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

var keyDirectory = Directory.CreateTempSubdirectory("alataupay-pgbench-");
try
{
    var report = await PostgresBenchmark.RunAsync(options, keyDirectory.FullName, stopping.Token);
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
    keyDirectory.Delete(recursive: true);
}
