using System.Diagnostics;

namespace AlatauPay.Postgres.Benchmarks;

/// <summary>Operations completed in a measured window, and the failures seen (with the first one's words).</summary>
public sealed record Rate(long Operations, TimeSpan Elapsed, long Failures = 0, string? FirstFailure = null)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;

    /// <summary>CPU used during the window by this process and by the server, when it was metered.</summary>
    public CpuUse? Cpu { get; init; }

    /// <summary>Milliseconds of CPU per operation in this process and in the server, or null when not metered.</summary>
    public (double Process, double Server)? CpuPerOperation =>
        Cpu is { } cpu && Operations > 0 ? (cpu.Process.TotalMilliseconds / Operations, cpu.Server.TotalMilliseconds / Operations) : null;
}

/// <summary>
/// Closed-loop load: each worker starts its next operation when the previous one ends, so the rate is what the
/// system sustains at that concurrency. An operation returns false when there is nothing left to do.
/// </summary>
public static class ClosedLoop
{
    public static async Task<Rate> RunAsync(
        int workers, TimeSpan duration, Func<int, Task<bool>> operation, CancellationToken cancellationToken, CpuMeter? meter = null)
    {
        var cpuBefore = meter?.Take();
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var results = await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(
            async () =>
            {
                long done = 0, failed = 0;
                string? first = null;
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    try
                    {
                        if (!await operation(worker))
                        {
                            break;
                        }

                        done++;
                    }
                    catch (Exception failure) when (failure is not OperationCanceledException)
                    {
                        failed++;
                        first ??= $"{failure.GetType().Name}: {failure.Message}";
                    }
                }

                return (Done: done, Failed: failed, First: first, Ended: Stopwatch.GetTimestamp());
            },
            cancellationToken)));
        // A phase that runs out of work ends when its last worker does.
        var elapsed = Stopwatch.GetElapsedTime(started, Math.Min(results.Max(r => r.Ended), deadline));
        return new Rate(results.Sum(r => r.Done), elapsed, results.Sum(r => r.Failed), results.Select(r => r.First).FirstOrDefault(f => f is not null))
        {
            Cpu = meter?.Take() - cpuBefore,
        };
    }
}
