using BenchmarkDotNet.Attributes;

namespace AlatauPay.Ledger.Benchmarks;

/// <summary>
/// Posting throughput with the transparency log against the same posting without it, in one run. One entry
/// per committed transaction is how settlements post; a batch of 100 in one transaction shows the log's own
/// cost once the commit's flush no longer hides it. Each side has its own file, filled alike: the log numbers
/// entry n as leaf n - 1, so entries appended without it must never reach a ledger that keeps one.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class AppendBenchmarks
{
    private BenchLedger withLog = null!;
    private BenchLedger withoutLog = null!;
    private long nextWith;
    private long nextWithout;

    [Params("FULL", "NORMAL")]
    public string Synchronous { get; set; } = "FULL";

    [Params(1, 100)]
    public int EntriesPerTransaction { get; set; }

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        withLog = await BenchLedger.CreateAsync(Synchronous);
        withoutLog = await BenchLedger.CreateAsync(Synchronous);
        await withLog.AppendAsync(0, 10_000, 1_000, withLog: true);
        await withoutLog.AppendAsync(0, 10_000, 1_000, withLog: true);
        (nextWith, nextWithout) = (10_000, 10_000);
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        foreach (var ledger in new[] { withLog, withoutLog })
        {
            await ledger.DisposeAsync();
            Directory.Delete(ledger.Directory, recursive: true);
        }
    }

    [Benchmark(Baseline = true, Description = "append, log off")]
    public Task AppendWithoutLog()
    {
        var first = nextWithout;
        nextWithout += EntriesPerTransaction;
        return withoutLog.AppendAsync(first, EntriesPerTransaction, EntriesPerTransaction, withLog: false);
    }

    [Benchmark(Description = "append, log on")]
    public Task AppendWithLog()
    {
        var first = nextWith;
        nextWith += EntriesPerTransaction;
        return withLog.AppendAsync(first, EntriesPerTransaction, EntriesPerTransaction, withLog: true);
    }
}
