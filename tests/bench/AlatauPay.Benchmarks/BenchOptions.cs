using System.Diagnostics.CodeAnalysis;
using AlatauPay.Bench;

namespace AlatauPay.Benchmarks;

/// <summary>What one run measures: phase length, client concurrency and SQLite durability.</summary>
public sealed record BenchOptions(TimeSpan Phase, TimeSpan WarmUp, int Concurrency, string Synchronous, IReadOnlyList<string> Arguments)
{
    public const string Usage =
        """
        Usage: AlatauPay.Benchmarks [--seconds N] [--warm-up N] [--concurrency C] [--synchronous FULL|NORMAL] [--quick]
          --seconds N        measured seconds per phase (default 10)
          --warm-up N        seconds of load before each phase is measured (default a quarter of the phase, 1 to 3)
          --concurrency C    concurrent HTTP workers (default 8)
          --synchronous S    SQLite synchronous pragma for the gateway and the raw baseline (default FULL)
          --quick            2-second phases, for a CI smoke run
        """;

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out BenchOptions? options, out string problem)
    {
        options = null;
        int? seconds = null;
        int? warmUpSeconds = null;
        var concurrency = 8;
        var synchronous = "FULL";
        var quick = false;
        var read = BenchCommandLine.TryRead(
            args,
            new Dictionary<string, Action> { ["--quick"] = () => quick = true },
            new Dictionary<string, Func<string, bool>>
            {
                ["--seconds"] = BenchCommandLine.Positive(n => seconds = n),
                ["--warm-up"] = BenchCommandLine.Positive(n => warmUpSeconds = n),
                ["--concurrency"] = BenchCommandLine.Positive(n => concurrency = n),
                ["--synchronous"] = text => (synchronous = text.ToUpperInvariant()) is "FULL" or "NORMAL",
            },
            out problem);
        if (!read)
        {
            return false;
        }

        var phase = TimeSpan.FromSeconds(seconds ?? (quick ? 2 : 10));
        var warmUp = BenchCommandLine.WarmUp(warmUpSeconds, phase, quick);
        options = new BenchOptions(phase, warmUp, concurrency, synchronous, [.. args]);
        return true;
    }
}
