using System.Diagnostics;
using System.Globalization;

namespace AlatauPay.Merchant.Benchmarks;

/// <summary>Latency percentiles and throughput of one scenario.</summary>
internal sealed record Figures(string Name, int Count, double P50Ms, double P99Ms, double PerSecond)
{
    public string Row(Figures? baseline) => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {Count} | {P50Ms:F2} | {P99Ms:F2} | {PerSecond:F0} | {(baseline is null ? "1.00" : (PerSecond / baseline.PerSecond).ToString("F2", CultureInfo.InvariantCulture))} |");
}

internal static class Measure
{
    /// <summary>Runs <paramref name="operation"/> <paramref name="count"/> times on <paramref name="workers"/> concurrent loops.</summary>
    public static async Task<Figures> RunAsync(string name, int count, int workers, Func<int, Task> operation)
    {
        var latencies = new double[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        clock.Stop();
        return Summarise(name, latencies, clock.Elapsed);
    }

    public static Figures Summarise(string name, IReadOnlyList<double> latencies, TimeSpan elapsed)
    {
        var sorted = latencies.Order().ToArray();
        return new Figures(name, sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted.Length / elapsed.TotalSeconds);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
