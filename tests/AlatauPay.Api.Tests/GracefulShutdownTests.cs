using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace AlatauPay.Api.Tests;

/// <summary>SIGTERM to the real gateway process while requests are in flight.</summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);
    private readonly string directory = Directory.CreateTempSubdirectory("alataupay-shutdown-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task FinishesTheRequestInFlightAndExitsWithinTheShutdownTimeout()
    {
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["AlatauPay:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "gateway.db")}",
            ["AlatauPay:Auth:BootstrapKey"] = GatewayHost.AdminKey,
            ["AlatauPay:Chains:BTC:Network"] = "regtest",
            ["AlatauPay:Chains:LTC:Network"] = "regtest",
            ["AlatauPay:ShutdownTimeout"] = ShutdownTimeout.ToString("c", CultureInfo.InvariantCulture),
        });
        using (var client = gateway.Client(GatewayHost.AdminKey))
        {
            await client.CreateDepartmentAsync("shutdown");
        }

        var body = Encoding.UTF8.GetBytes(Requests.Invoice("shutdown").ToJsonString());
        using var inFlight = await HeldRequest.StartAsync(gateway.Address, body.Length);
        using var neverFinished = await HeldRequest.StartAsync(gateway.Address, body.Length);

        var terminated = Stopwatch.StartNew();
        await gateway.TerminateAsync();
        await Eventually.WaitAsync(async () => !await AcceptsConnectionsAsync(gateway.Address), "the gateway stops accepting connections");
        var response = await inFlight.FinishAsync(body);

        Assert.StartsWith("HTTP/1.1 201", response, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"new\"", response, StringComparison.Ordinal);
        var exitCode = await gateway.WaitForExitAsync(ShutdownTimeout + TimeSpan.FromSeconds(10));
        Assert.Equal(0, exitCode);
        Assert.True(terminated.Elapsed < ShutdownTimeout + TimeSpan.FromSeconds(10), $"exited {terminated.Elapsed.TotalSeconds:F1} s after SIGTERM");
    }

    [Fact]
    public async Task EndsACheckoutPagesLiveStatusStreamInsteadOfWaitingOutTheTimeout()
    {
        var patient = TimeSpan.FromSeconds(60);
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["AlatauPay:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "gateway.db")}",
            ["AlatauPay:Auth:BootstrapKey"] = GatewayHost.AdminKey,
            ["AlatauPay:Chains:BTC:Network"] = "regtest",
            ["AlatauPay:Chains:LTC:Network"] = "regtest",
            ["AlatauPay:ShutdownTimeout"] = patient.ToString("c", CultureInfo.InvariantCulture),
        });
        using var client = gateway.Client(GatewayHost.AdminKey);
        await client.CreateDepartmentAsync("shutdown-sse");
        var invoice = (await client.CreateInvoiceAsync("shutdown-sse"))["id"]!.GetValue<string>();
        using var resident = new HttpClient { BaseAddress = gateway.Address, Timeout = Timeout.InfiniteTimeSpan };
        using var stream = await resident.GetAsync($"/pay/{invoice}/events", HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await stream.Content.ReadAsStreamAsync());
        while (await events.ReadLineAsync() is { } line && !line.StartsWith("event: status", StringComparison.Ordinal))
        {
        }

        var terminated = Stopwatch.StartNew();
        await gateway.TerminateAsync();
        using var ended = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await events.ReadToEndAsync(ended.Token);
        var exitCode = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, exitCode);
        Assert.True(terminated.Elapsed < patient / 2, $"exited {terminated.Elapsed.TotalSeconds:F1} s after SIGTERM, as if it waited for the stream");
    }

    private static async Task<bool> AcceptsConnectionsAsync(Uri address)
    {
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync(address.Host, address.Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// A POST whose headers are sent with <c>Expect: 100-continue</c>: the server's <c>100 Continue</c> proves the
    /// endpoint is running and reading the body, which is held back until <see cref="FinishAsync"/>.
    /// </summary>
    private sealed class HeldRequest : IDisposable
    {
        private readonly TcpClient connection;
        private readonly NetworkStream stream;

        private HeldRequest(TcpClient connection)
        {
            this.connection = connection;
            stream = connection.GetStream();
        }

        public static async Task<HeldRequest> StartAsync(Uri address, int contentLength)
        {
            var connection = new TcpClient();
            await connection.ConnectAsync(address.Host, address.Port);
            var held = new HeldRequest(connection);
            var headers =
                $"POST /v1/invoices HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {GatewayHost.AdminKey}\r\n" +
                $"Idempotency-Key: {Guid.NewGuid()}\r\nContent-Type: application/json\r\nContent-Length: {contentLength}\r\n" +
                "Expect: 100-continue\r\n\r\n";
            await held.stream.WriteAsync(Encoding.ASCII.GetBytes(headers));
            var interim = await held.ReadHeadAsync();
            Assert.StartsWith("HTTP/1.1 100", interim, StringComparison.Ordinal);
            return held;
        }

        public async Task<string> FinishAsync(byte[] body)
        {
            await stream.WriteAsync(body);
            var head = await ReadHeadAsync();
            var length = head.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                .Select(p => int.Parse(p[1].Trim(), CultureInfo.InvariantCulture)).Single();
            var content = new byte[length];
            await stream.ReadExactlyAsync(content);
            return head + Encoding.UTF8.GetString(content);
        }

        public void Dispose() => connection.Dispose();

        private async Task<string> ReadHeadAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var head = new List<byte>();
            var one = new byte[1];
            while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
            {
                if (await stream.ReadAsync(one, timeout.Token) == 0)
                {
                    throw new IOException($"The connection closed after: {Encoding.ASCII.GetString([.. head])}");
                }

                head.Add(one[0]);
            }

            return Encoding.ASCII.GetString([.. head]);
        }
    }
}
