using System.Diagnostics.CodeAnalysis;
using AlatauPay.Bench;

namespace AlatauPay.Postgres.Benchmarks;

/// <summary>What one run measures: phase length, client concurrency and ledger batch size.</summary>
public sealed record PgBenchOptions(TimeSpan Phase, TimeSpan WarmUp, int Concurrency, int Batch)
{
    public const string Usage =
        """
        Usage: AlatauPay.Postgres.Benchmarks [--seconds N] [--warm-up N] [--concurrency C] [--batch B] [--quick]
          --seconds N        measured seconds per phase (default 10)
          --warm-up N        seconds of load before each phase is measured (default a quarter of the phase, 1 to 3)
          --concurrency C    concurrent clients, spread over the instances (default 8)
          --batch B          ledger entries per transaction in the batched ledger phase (default 100)
          --quick            2-second phases, for a smoke run
        """;

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out PgBenchOptions? options, out string problem)
    {
        options = null;
        int? seconds = null;
        int? warmUpSeconds = null;
        var concurrency = 8;
        var batch = 100;
        var quick = false;
        var read = BenchCommandLine.TryRead(
            args,
            new Dictionary<string, Action> { ["--quick"] = () => quick = true },
            new Dictionary<string, Func<string, bool>>
            {
                ["--seconds"] = BenchCommandLine.Positive(n => seconds = n),
                ["--warm-up"] = BenchCommandLine.Positive(n => warmUpSeconds = n),
                ["--concurrency"] = BenchCommandLine.Positive(n => concurrency = n),
                ["--batch"] = BenchCommandLine.Positive(n => batch = n),
            },
            out problem);
        if (!read)
        {
            return false;
        }

        var phase = TimeSpan.FromSeconds(seconds ?? (quick ? 2 : 10));
        var warmUp = BenchCommandLine.WarmUp(warmUpSeconds, phase, quick);
        options = new PgBenchOptions(phase, warmUp, concurrency, batch);
        return true;
    }
}
