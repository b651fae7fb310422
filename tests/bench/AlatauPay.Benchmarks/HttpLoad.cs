using System.Diagnostics;
using System.Net;

namespace AlatauPay.Benchmarks;

/// <summary>
/// Closed-loop load: each worker sends its next request when the previous answer has been read, so the
/// rate is what the server sustains at that concurrency. Only answers with the expected status count;
/// anything else, or a transport error, is a failure.
/// </summary>
public sealed class HttpLoad(HttpClient client, int concurrency)
{
    private const int MaxFailureDetail = 400;

    public async Task<LoadResult> MeasureAsync(
        Func<HttpRequestMessage> newRequest, HttpStatusCode expected, TimeSpan warmUp, TimeSpan phase, CancellationToken cancellationToken)
    {
        var warm = await RunAsync(newRequest, expected, warmUp, cancellationToken);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var measured = await RunAsync(newRequest, expected, phase, cancellationToken);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        return new LoadResult(
            new RateResult(measured.Completed, measured.Elapsed),
            measured.Completed == 0 ? double.NaN : cpu.TotalMilliseconds / measured.Completed,
            measured.Latencies,
            warm.Failures + measured.Failures,
            warm.FirstFailure ?? measured.FirstFailure);
    }

    private async Task<Window> RunAsync(Func<HttpRequestMessage> newRequest, HttpStatusCode expected, TimeSpan duration, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = await Task.WhenAll(Enumerable.Range(0, concurrency)
            .Select(_ => Task.Run(() => WorkAsync(newRequest, expected, deadline, cancellationToken), cancellationToken)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new Window(
            workers.Sum(w => (long)w.Latencies.Count),
            elapsed,
            [.. workers.SelectMany(w => w.Latencies)],
            workers.Sum(w => w.Failures),
            workers.Select(w => w.FirstFailure).FirstOrDefault(f => f is not null));
    }

    private async Task<Worker> WorkAsync(Func<HttpRequestMessage> newRequest, HttpStatusCode expected, long deadline, CancellationToken cancellationToken)
    {
        var worker = new Worker();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var request = newRequest();
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                if (response.StatusCode == expected)
                {
                    worker.Latencies.Add(Stopwatch.GetTimestamp() - sent);
                    continue;
                }

                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                worker.Fail($"{(int)response.StatusCode} {body[..Math.Min(body.Length, MaxFailureDetail)]}");
            }
            catch (HttpRequestException failure)
            {
                worker.Fail($"{failure.GetType().Name}: {failure.Message}");
            }
            catch (TaskCanceledException timeout) when (!cancellationToken.IsCancellationRequested)
            {
                worker.Fail($"timed out: {timeout.Message}");
            }
        }

        return worker;
    }

    private sealed record Window(long Completed, TimeSpan Elapsed, long[] Latencies, long Failures, string? FirstFailure);

    private sealed class Worker
    {
        public List<long> Latencies { get; } = new(capacity: 1 << 16);

        public long Failures { get; private set; }

        public string? FirstFailure { get; private set; }

        public void Fail(string detail)
        {
            Failures++;
            FirstFailure ??= detail;
        }
    }
}
