using AlatauPay.Chains.Benchmarks;
using AlatauPay.Testing;

// Prints a markdown section for docs/benchmarks.md; every figure is measured in this one run.
await using var node = await RegtestNode.StartAsync(RegtestDaemon.Litecoin);
var hash = await BlockBuilder.BuildBlockAsync(node, transactions: 3_000);
var report = await ScanBenchmark.RunAsync(node, hash, liveScripts: 100_000);
Console.WriteLine(report);
