using BenchmarkDotNet.Attributes;

namespace AlatauPay.Ledger.Benchmarks;

/// <summary>
/// Posting throughput with the transparency log against the same posting without it, in one run. One entry
/// per committed transaction is how settlements post; a batch of 100 in one transaction shows the log's own
/// cost once the commit's flush no longer hides it.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class AppendBenchmarks
{
    private BenchLedger ledger = null!;
    private long next;

    [Params("FULL", "NORMAL")]
    public string Synchronous { get; set; } = "FULL";

    [Params(1, 100)]
    public int EntriesPerTransaction { get; set; }

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        ledger = await BenchLedger.CreateAsync(Synchronous);
        await ledger.AppendAsync(0, 10_000, 1_000, withLog: true);
        next = 10_000;
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await ledger.DisposeAsync();
        Directory.Delete(ledger.Directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "append, log off")]
    public Task AppendWithoutLog() => Append(withLog: false);

    [Benchmark(Description = "append, log on")]
    public Task AppendWithLog() => Append(withLog: true);

    private Task Append(bool withLog)
    {
        var first = next;
        next += EntriesPerTransaction;
        return ledger.AppendAsync(first, EntriesPerTransaction, EntriesPerTransaction, withLog);
    }
}
