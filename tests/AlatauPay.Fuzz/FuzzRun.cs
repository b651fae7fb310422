using System.Diagnostics;

namespace AlatauPay.Fuzz;

/// <summary>The options of a run: how many requests, from which seed, over how many connections.</summary>
public sealed record FuzzOptions(int Requests, int Seed, int Connections = 8, int SlowClients = 4)
{
    /// <summary>Send only this request of the sequence, and show it.</summary>
    public int? Only { get; init; }

    /// <summary>The store the gateway writes to, and the write audit reads.</summary>
    public FuzzStore Store { get; init; } = FuzzStore.Sqlite;

    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);
}

/// <summary>Sends the generated requests over keep-alive connections, judges each answer, then audits storage.</summary>
public static class FuzzRun
{
    public static async Task<FuzzReport> RunAsync(FuzzGateway gateway, FuzzOptions options, CancellationToken cancellationToken)
    {
        var report = new FuzzReport { Seed = options.Seed };
        var generator = new RequestGenerator(options.Seed, gateway.Known, gateway.Address);
        var clock = Stopwatch.StartNew();
        var slow = SlowClients.RunAsync(gateway.Address, options.SlowClients, report, cancellationToken);
        var next = -1;
        var workers = Enumerable.Range(0, options.Connections).Select(_ => Task.Run(
            async () =>
            {
                using var connection = new RawConnection(gateway.Address);
                int index;
                while ((index = Interlocked.Increment(ref next)) < options.Requests)
                {
                    var request = generator.Make(index);
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(FuzzOptions.AnswerTimeout);
                    try
                    {
                        var response = await connection.ExchangeAsync(request.Bytes, request.HeadOnly, request.Endpoint.Streams, timeout.Token);
                        report.Record(request, response, Verdict.Judge(request, response));
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        connection.Reset();
                        report.Fail(request, $"no answer within {FuzzOptions.AnswerTimeout.TotalSeconds:F0} s");
                    }
                    catch (InvalidDataException broken)
                    {
                        connection.Reset();
                        report.Fail(request, broken.Message);
                    }
                    catch (IOException reset)
                    {
                        // The head of an answer arrived, then the connection broke inside its body: a partial write.
                        connection.Reset();
                        report.Fail(request, "the answer was cut off: " + reset.Message);
                    }
                }
            },
            cancellationToken)).ToList();
        await Task.WhenAll(workers);
        await slow;
        report.Elapsed = clock.Elapsed;
        await WriteAudit.CheckAsync(gateway, report, cancellationToken);
        return report;
    }
}
