using AlatauPay.Application.Ledger.Transparency;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger.Transparency;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Ledger.Benchmarks;

/// <summary>Inclusion and consistency proofs read from a stored tree of 1,000,000 entries, as the API serves them.</summary>
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class ProofBenchmarks
{
    private const long Size = 1_000_000;
    private BenchLedger ledger = null!;
    private long leaf = 12_345;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        ledger = await BenchLedger.CreateAsync("NORMAL");
        await ledger.AppendAsync(0, (int)Size, 20_000, withLog: true);
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await ledger.DisposeAsync();
        Directory.Delete(ledger.Directory, recursive: true);
    }

    [Benchmark(Description = "inclusion proof, 1M entries")]
    public Task<IReadOnlyList<byte[]>> Inclusion()
    {
        leaf = (leaf * 7_919 + 104_729) % Size;
        var index = leaf;
        return ledger.InScopeAsync(sp => sp.GetRequiredService<ITransparencyLog>()
            .ComputeAsync(nodes => MerkleProofs.Inclusion(index, Size, nodes), CancellationToken.None));
    }

    [Benchmark(Description = "consistency proof, 1M entries")]
    public Task<IReadOnlyList<byte[]>> Consistency()
    {
        leaf = (leaf * 7_919 + 104_729) % Size;
        var from = leaf + 1;
        return ledger.InScopeAsync(sp => sp.GetRequiredService<ITransparencyLog>()
            .ComputeAsync(nodes => MerkleProofs.Consistency(from, Size, nodes), CancellationToken.None));
    }
}
