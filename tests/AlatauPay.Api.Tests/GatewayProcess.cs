using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using AlatauPay.Testing;

namespace AlatauPay.Api.Tests;

/// <summary>The gateway as its own OS process, so a test can kill it outright (SIGKILL) and start it again.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private GatewayProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The operating system's id of the process, which the gateway puts in its lease holder name.</summary>
    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <param name="alsoListenOn">Further addresses the gateway listens on besides <see cref="Address"/>.</param>
    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string> settings, IReadOnlyList<Uri>? alsoListenOn = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var urls = string.Join(';', new[] { address }.Concat(alsoListenOn ?? []).Select(u => u.ToString()));
        var start = new ProcessStartInfo(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "AlatauPay.Api.dll"), "--urls", urls])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var gateway = new GatewayProcess(Process.Start(start)!, address);
        gateway.process.OutputDataReceived += gateway.Collect;
        gateway.process.ErrorDataReceived += gateway.Collect;
        gateway.process.BeginOutputReadLine();
        gateway.process.BeginErrorReadLine();
        await gateway.WaitUntilReadyAsync();
        return gateway;
    }

    /// <summary>Runs the gateway's executable with <paramref name="arguments"/> to its end: a command, not a server.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> settings, TimeSpan within)
    {
        var start = new ProcessStartInfo(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "AlatauPay.Api.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"AlatauPay.Api {string.Join(' ', arguments)} was still running {within.TotalSeconds:F0} s later");
        }

        return (process.ExitCode, await output + await errors);
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient(new FreshIdempotencyKeys { InnerHandler = new ExplainsRefusals(this) { InnerHandler = new HttpClientHandler() } })
        {
            BaseAddress = Address,
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>SIGTERM, as an orchestrator stops it: the gateway is to finish what is in flight and exit.</summary>
    public Task TerminateAsync() => SignalAsync("-TERM");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>The exit code, or fails if the process is still running after <paramref name="within"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The gateway was still running {within.TotalSeconds:F0} s later:\n{Output}");
        }

        return process.ExitCode;
    }

    /// <summary>SIGSTOP: the process freezes where it is, as in a long GC pause or a VM stall, holding what it held.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT: a paused process carries on from where it froze, unaware of the time that passed.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    /// <summary>SIGKILL: no shutdown hooks, no flushing, as a crash or an OOM kill would leave it.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.WaitAsync(
            async () =>
            {
                Assert.False(process.HasExited, $"The gateway exited during start-up:\n{Output}");
                try
                {
                    return (await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
                }
                catch (Exception notYet) when (notYet is HttpRequestException or TaskCanceledException)
                {
                    // Refused, or slow to answer while the process warms up on a busy machine: not ready yet.
                    return false;
                }
            },
            "the gateway process is ready",
            TimeSpan.FromSeconds(60));
    }

    private void Collect(object sender, DataReceivedEventArgs line)
    {
        lock (output)
        {
            output.AppendLine(line.Data);
        }
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A refused connection says whether this gateway is still running and what it last wrote, so a test that
    /// meets a gateway gone unexpectedly fails with the gateway's own words instead of a bare socket error.
    /// </summary>
    private sealed class ExplainsRefusals(GatewayProcess gateway) : DelegatingHandler
    {
        private const int OutputShown = 4000;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException refused) when (refused.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                var output = gateway.Output;
                var state = gateway.HasExited ? $"has exited (code {gateway.process.ExitCode})" : "is still running";
                throw new HttpRequestException(
                    $"{refused.Message}: the gateway at {gateway.Address} {state}; the end of its output:\n{output[Math.Max(0, output.Length - OutputShown)..]}",
                    refused);
            }
        }
    }
}
