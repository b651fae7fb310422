using System.Diagnostics.CodeAnalysis;
using System.Globalization;

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
        ArgumentNullException.ThrowIfNull(args);
        options = null;
        problem = "";
        int? seconds = null;
        int? warmUpSeconds = null;
        var concurrency = 8;
        var synchronous = "FULL";
        var quick = false;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    continue;
                case "--seconds" when TryPositive(value, out var n):
                    seconds = n;
                    break;
                case "--warm-up" when TryPositive(value, out var n):
                    warmUpSeconds = n;
                    break;
                case "--concurrency" when TryPositive(value, out var n):
                    concurrency = n;
                    break;
                case "--synchronous" when value?.ToUpperInvariant() is "FULL" or "NORMAL":
                    synchronous = value.ToUpperInvariant();
                    break;
                default:
                    problem = $"Cannot read '{args[i]}'{(value is null ? "" : $" '{value}'")}.";
                    return false;
            }

            i++;
        }

        var phase = TimeSpan.FromSeconds(seconds ?? (quick ? 2 : 10));
        // Long enough for tiered JIT, the connection pool and SQLite's page cache to settle.
        var warmUp = warmUpSeconds is { } chosen ? TimeSpan.FromSeconds(chosen)
            : quick ? TimeSpan.FromSeconds(0.5) : TimeSpan.FromSeconds(Math.Min(3, Math.Max(1, phase.TotalSeconds / 4)));
        options = new BenchOptions(phase, warmUp, concurrency, synchronous, [.. args]);
        return true;
    }

    private static bool TryPositive(string? text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
