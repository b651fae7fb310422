using System.Diagnostics;

namespace AlatauPay.Benchmarks;

/// <summary>
/// One HTTP phase: what succeeded in the measured window, the process CPU time it cost per success (client and
/// server together, user and kernel), its latencies, and every failure seen (warm-up included). CPU per request
/// holds steady when other work on the machine steals the cores; the rate does not.
/// </summary>
public sealed class LoadResult(RateResult rate, double cpuMillisecondsPerOperation, long[] latencyTicks, long failures, string? firstFailure)
{
    public double CpuMillisecondsPerOperation { get; } = cpuMillisecondsPerOperation;

    private readonly long[] sortedTicks = [.. latencyTicks.Order()];

    public RateResult Rate { get; } = rate;

    public long Failures { get; } = failures;

    public string? FirstFailure { get; } = firstFailure;

    public double P50Milliseconds => PercentileMilliseconds(0.50);

    public double P99Milliseconds => PercentileMilliseconds(0.99);

    /// <summary>Nearest-rank percentile of the successful requests.</summary>
    private double PercentileMilliseconds(double percentile)
    {
        if (sortedTicks.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile * sortedTicks.Length) - 1;
        return sortedTicks[Math.Clamp(rank, 0, sortedTicks.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
