using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace AlatauPay.Fuzz;

/// <summary>
/// Slow and vanishing clients, alongside the main run: heads and bodies dribbled a byte a second, a body
/// that stops half-way with the connection left open, and clients that hang up mid-head or mid-body. The
/// gateway must cut the slow ones off (Kestrel's header timeout and minimum body rate) and write nothing
/// for any of them, while the main run's requests keep being answered.
/// </summary>
public static class SlowClients
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(50);

    public static async Task RunAsync(Uri address, int rounds, FuzzReport report, CancellationToken cancellationToken)
    {
        if (rounds == 0)
        {
            return;
        }

        var scenarios = new List<Task<string?>>();
        for (var round = 0; round < rounds; round++)
        {
            scenarios.Add(DribbledHeadAsync(address, cancellationToken));
            scenarios.Add(DribbledBodyAsync(address, round, stall: false, cancellationToken));
            scenarios.Add(DribbledBodyAsync(address, round, stall: true, cancellationToken));
            scenarios.Add(AbandonedAsync(address, round, midBody: true, cancellationToken));
            scenarios.Add(AbandonedAsync(address, round, midBody: false, cancellationToken));
        }

        var clock = Stopwatch.StartNew();
        var findings = await Task.WhenAll(scenarios);
        lock (report)
        {
            report.SlowClientFigures.Add($"slow clients: {scenarios.Count} (dribbled head, dribbled body, stalled body, hang-ups), all cut off or done within {clock.Elapsed.TotalSeconds:F0} s");
            foreach (var finding in findings.OfType<string>())
            {
                report.SlowClientFindings.Add(finding);
            }
        }
    }

    /// <summary>A request head sent one byte a second, never finished: Kestrel's header timeout must close it.</summary>
    private static async Task<string?> DribbledHeadAsync(Uri address, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(address, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /health/live HTTP/1.1\r\nHost: {address.Authority}\r\nX-Slow: "), cancellationToken);
        return await DribbleUntilCutAsync(stream, "dribbled head", cancellationToken);
    }

    /// <summary>A valid invoice body sent a byte a second, or half of it and then silence.</summary>
    private static async Task<string?> DribbledBodyAsync(Uri address, int round, bool stall, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(address, cancellationToken);
        var stream = client.GetStream();
        var body = Encoding.UTF8.GetBytes(RequestBodies.Invoice);
        await stream.WriteAsync(Head(address, body.Length, $"slow-{(stall ? "stall" : "dribble")}-{round}"), cancellationToken);
        if (stall)
        {
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2), cancellationToken);
        }

        return await DribbleUntilCutAsync(stream, stall ? "stalled body" : "dribbled body", cancellationToken, stall ? [] : body);
    }

    /// <summary>Half a head or half a body, then the client hangs up.</summary>
    private static async Task<string?> AbandonedAsync(Uri address, int round, bool midBody, CancellationToken cancellationToken)
    {
        using (var client = await ConnectAsync(address, cancellationToken))
        {
            var stream = client.GetStream();
            var body = Encoding.UTF8.GetBytes(RequestBodies.Invoice);
            var head = Head(address, body.Length, $"slow-abandon-{round}-{midBody}");
            await stream.WriteAsync(midBody ? [.. head, .. body[..(body.Length / 2)]] : head[..(head.Length / 2)], cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }

        return null;
    }

    private static byte[] Head(Uri address, int length, string idempotencyKey) => Encoding.ASCII.GetBytes(
        $"POST /v1/invoices HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {FuzzGateway.AdminKey}\r\n"
        + $"Idempotency-Key: {idempotencyKey}\r\nContent-Type: application/json\r\nContent-Length: {length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n");

    /// <summary>
    /// Sends <paramref name="dribble"/> a byte a second (or nothing) until the server answers or closes; a
    /// finding when it neither cuts the client off in time nor answers with a 408 or other 4xx.
    /// </summary>
    private static async Task<string?> DribbleUntilCutAsync(NetworkStream stream, string scenario, CancellationToken cancellationToken, byte[]? dribble = null)
    {
        var clock = Stopwatch.StartNew();
        var answer = new byte[4096];
        var reading = stream.ReadAsync(answer, cancellationToken).AsTask();
        var sent = 0;
        while (clock.Elapsed < GiveUpAfter)
        {
            var tick = Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            if (await Task.WhenAny(reading, tick) == reading)
            {
                int read;
                try
                {
                    read = await reading;
                }
                catch (IOException)
                {
                    return null;
                }

                if (read == 0)
                {
                    return null;
                }

                var status = Encoding.ASCII.GetString(answer, 0, read).Split(' ', 3) is [_, var code, ..] ? code : "?";
                return status.StartsWith('4') ? null : $"{scenario}: answered {status} instead of a 4xx or a closed connection";
            }

            try
            {
                // The head is dribbled forever (a header line that never ends); a body stops when it is complete.
                var next = dribble is null ? (byte)'x' : sent < dribble.Length ? dribble[sent] : (byte?)null;
                if (next is { } value)
                {
                    await stream.WriteAsync(new[] { value }, cancellationToken);
                    sent++;
                }
            }
            catch (IOException)
            {
                return null;
            }
        }

        return $"{scenario}: still connected after {GiveUpAfter.TotalSeconds:F0} s";
    }

    private static async Task<TcpClient> ConnectAsync(Uri address, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(address.Host, address.Port, cancellationToken);
        return client;
    }
}
