using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AlatauPay.Merchant.Benchmarks;

/// <summary>A throwaway redis-server on a free loopback port (apt-get install redis-server).</summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private readonly Process process;

    private RedisProcess(Process process, int port)
    {
        this.process = process;
        Configuration = $"127.0.0.1:{port}";
    }

    public string Configuration { get; }

    public static async Task<RedisProcess> StartAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo("redis-server", ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
        };
        var redis = new RedisProcess(Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start; apt-get install redis-server"), port);
        redis.process.BeginOutputReadLine();
        for (var tries = 0; ; tries++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return redis;
            }
            catch (SocketException) when (tries < 200)
            {
                await Task.Delay(25);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
