using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using AlatauPay.Testing;

namespace AlatauPay.Drills;

/// <summary>
/// The gateway as an OS process the drill can SIGKILL, SIGSTOP, SIGCONT and start again on the same settings.
/// Everything it prints is appended to one log file across restarts, for the drill's log checks.
/// </summary>
public sealed class DrillGateway : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly StreamWriter log;
    private Process? process;

    public DrillGateway(string name, IReadOnlyDictionary<string, string?> settings, string logPath)
    {
        Name = name;
        this.settings = settings;
        Address = new Uri($"http://127.0.0.1:{AlatauPay.Testing.FreePort.Next()}");
        LogPath = logPath;
        log = new StreamWriter(logPath, append: true, Encoding.UTF8) { AutoFlush = true };
    }

    public string Name { get; }

    public Uri Address { get; }

    public string LogPath { get; }

    public int Starts { get; private set; }

    public int? ProcessId => process is { HasExited: false } ? process.Id : null;

    /// <summary>Starts the process and waits until <c>/health/live</c> answers (readiness may wait on a faulted dependency).</summary>
    public async Task StartAsync(TimeSpan within, bool waitForReady = true)
    {
        var start = new ProcessStartInfo(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "AlatauPay.Api.dll"), "--urls", Address.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("The gateway did not start.");
        Starts++;
        await WriteLogAsync($"--- {Name} start {Starts} (pid {process.Id})");
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Wait.UntilAsync(() => AnswersAsync(waitForReady ? "/health/ready" : "/health/live"), $"{Name} answers", within);
    }

    /// <summary>SIGKILL: no shutdown hook runs, nothing is flushed.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await WriteLogAsync($"--- {Name} killed (SIGKILL)");
        }
    }

    /// <summary>SIGTERM, and waits for the gateway to finish what is in flight and exit.</summary>
    public async Task StopAsync(TimeSpan within)
    {
        if (process is not { HasExited: false })
        {
            return;
        }

        await SignalAsync("TERM");
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public Task PauseAsync() => SignalAsync("STOP");

    public Task ResumeAsync() => SignalAsync("CONT");

    public string ReadLog()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            await ResumeAsync();
        }

        await KillAsync();
        process?.Dispose();
        await log.DisposeAsync();
    }

    private async Task SignalAsync(string signal)
    {
        if (process is not { HasExited: false })
        {
            return;
        }

        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        await WriteLogAsync($"--- {Name} SIG{signal}");
    }

    private async Task<bool> AnswersAsync(string path)
    {
        if (process is { HasExited: true })
        {
            throw new InvalidOperationException($"{Name} exited during start-up; see {LogPath}");
        }

        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            return (await probe.GetAsync(path)).StatusCode == HttpStatusCode.OK;
        }
        catch (Exception notYet) when (notYet is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private Task WriteLogAsync(string line)
    {
        Append($"{DateTimeOffset.UtcNow:O} {line}");
        return Task.CompletedTask;
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
