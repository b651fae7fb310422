using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AlatauPay.Api.Tests;

/// <summary>A real redis-server on a free loopback port, without persistence: a restart loses every key.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort());
        await server.LaunchAsync();
        return server;
    }

    /// <summary>Kills the server (its data goes with it); <see cref="LaunchAsync"/> brings up an empty one on the same port.</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }

    public async Task LaunchAsync()
    {
        var executable = FindOnPath("redis-server");
        Assert.True(executable is not null, "redis-server is not installed; install it with: apt-get install redis-server");
        var start = new ProcessStartInfo(executable!, ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.WaitAsync(async () =>
        {
            Assert.False(process.HasExited, "redis-server exited during start-up");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, "redis-server accepts connections");
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The gateway with its idempotency marks and replays on a real redis-server started for the test class.</summary>
public sealed class RedisGateway : GatewayHost
{
    public RedisServer Redis { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Redis.DisposeAsync();
    }

    protected override void Configure(IDictionary<string, string?> settings) =>
        settings["AlatauPay:Redis:Configuration"] = Redis.Configuration;
}
