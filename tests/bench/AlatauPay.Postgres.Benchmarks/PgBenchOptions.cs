using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AlatauPay.Postgres.Benchmarks;

/// <summary>What one run measures: phase length, client concurrency and ledger batch size.</summary>
public sealed record PgBenchOptions(TimeSpan Phase, TimeSpan WarmUp, int Concurrency, int Batch)
{
    public const string Usage =
        """
        Usage: AlatauPay.Postgres.Benchmarks [--seconds N] [--concurrency C] [--batch B] [--quick]
          --seconds N        measured seconds per phase (default 10)
          --concurrency C    concurrent clients, spread over the instances (default 8)
          --batch B          ledger entries per transaction in the batched ledger phase (default 100)
          --quick            2-second phases, for a smoke run
        """;

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out PgBenchOptions? options, out string problem)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = null;
        problem = "";
        int? seconds = null;
        var concurrency = 8;
        var batch = 100;
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
                case "--concurrency" when TryPositive(value, out var n):
                    concurrency = n;
                    break;
                case "--batch" when TryPositive(value, out var n):
                    batch = n;
                    break;
                default:
                    problem = $"Cannot read '{args[i]}'{(value is null ? "" : $" '{value}'")}.";
                    return false;
            }

            i++;
        }

        var phase = TimeSpan.FromSeconds(seconds ?? (quick ? 2 : 10));
        var warmUp = quick ? TimeSpan.FromSeconds(0.5) : TimeSpan.FromSeconds(Math.Min(3, Math.Max(1, phase.TotalSeconds / 4)));
        options = new PgBenchOptions(phase, warmUp, concurrency, batch);
        return true;
    }

    private static bool TryPositive(string? text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
