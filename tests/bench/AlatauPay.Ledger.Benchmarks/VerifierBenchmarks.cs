using AlatauPay.Application.Ledger.Export;
using AlatauPay.Cli.Audit;
using AlatauPay.Domain.Ledger.Transparency;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace AlatauPay.Ledger.Benchmarks;

/// <summary>The offline verifier recomputing the root of a 1,000,000-entry jsonl export from disk.</summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class VerifierBenchmarks
{
    private const int Entries = 1_000_000;
    private readonly string path = Path.Combine(Path.GetTempPath(), "alataupay-bench-" + Guid.NewGuid().ToString("N") + ".jsonl");

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        await using var writer = new StreamWriter(path);
        for (var n = 0; n < Entries; n++)
        {
            await writer.WriteLineAsync(LedgerJsonLines.Line(n, n + 1, CanonicalLedgerEntry.Bytes(n + 1, BenchLedger.Entry(n))));
        }
    }

    [GlobalCleanup]
    public void CleanUp() => File.Delete(path);

    [Benchmark(Description = "verify 1M-entry export")]
    public async Task<long> Verify()
    {
        await using var export = File.OpenRead(path);
        var summary = await ExportVerifier.VerifyAsync(export, Entries, 0, null, CancellationToken.None);
        return summary.Problem is null ? summary.Leaves : throw new InvalidOperationException(summary.Problem);
    }
}
