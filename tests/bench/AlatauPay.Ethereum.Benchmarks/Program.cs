using AlatauPay.Ethereum.Benchmarks;
using AlatauPay.Testing;

// Prints a markdown section for docs/benchmarks.md; every figure is measured in this one run.
await using var devnet = new EvmDevnet();
await devnet.InitializeAsync();
Console.Error.WriteLine("building the block");
var block = await BlockBuilder.BuildAsync(devnet, tokenTransfers: 30, contractPayments: 15, accountPayments: 15);
Console.Error.WriteLine($"block {block.Height}: {block.Transactions} transactions; measuring");
Console.WriteLine(await BlockBenchmark.RunAsync(devnet, block, liveAddresses: 10_000));
Console.WriteLine(await BalanceFallbackBenchmark.RunAsync(devnet, block, liveAddresses: 10_000));
