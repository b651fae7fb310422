using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(AlatauPay.Ledger.Benchmarks.BenchLedger).Assembly).Run(args);
