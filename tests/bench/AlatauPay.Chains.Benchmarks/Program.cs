using AlatauPay.Chains.Benchmarks;
using AlatauPay.Testing;

// dotnet run -c Release --project tests/bench/AlatauPay.Chains.Benchmarks -- --derivation: microseconds per
// receive address, libsecp256k1 against NBitcoin, with no node.
if (args is ["--derivation"])
{
    Console.WriteLine(DerivationBenchmark.Run(addresses: 20_000));
    return;
}

// Prints a markdown section for docs/benchmarks.md; every figure is measured in this one run.
await using var node = await RegtestNode.StartAsync(RegtestDaemon.Litecoin);
var hash = await BlockBuilder.BuildBlockAsync(node, transactions: 3_000);
var report = await ScanBenchmark.RunAsync(node, hash, liveScripts: 100_000);
Console.WriteLine(report);
