using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace AlatauPay.Testing;

/// <summary>
/// A real PostgreSQL server (the Debian packages' binaries) on a free loopback port, in a fresh temporary
/// directory, with fsync on. <c>initdb</c> runs once per test process into a template cluster that each
/// server copies; as root, the binaries run as the <c>postgres</c> user (they refuse to run as root).
/// Disposing stops the server and deletes its directory.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string InstallHint = "PostgreSQL is not installed; install it with: apt-get install postgresql";

    private const string TemplatePrefix = "alataupay-pg-template-";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? templateCluster;

    private readonly string binDirectory;
    private readonly string directory;

    private PostgresServer(string binDirectory, string directory, int port)
    {
        this.binDirectory = binDirectory;
        this.directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory => Path.Combine(directory, "data");

    /// <summary>The connection string of <paramref name="database"/> as the superuser (trust authentication on loopback).</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        IncludeErrorDetail = true,
    }.ConnectionString;

    /// <summary>Starts a server; fails with what to install when the PostgreSQL binaries are missing.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var binDirectory = await LocateBinariesAsync();
        var template = await TemplateClusterAsync(binDirectory);
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("alataupay-pg-").FullName;
            var server = new PostgresServer(binDirectory, directory, FreePort.Next());
            try
            {
                await RunAsync("cp", ["-a", template, server.DataDirectory]);
                await GiveToServerUserAsync(directory);
                await server.LaunchAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Most likely another process took the free port before the server bound it.
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Creates an empty database with a fresh name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "alatau")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Stops the server at once, as a crash would (<c>pg_ctl stop -m immediate</c>).</summary>
    public Task StopAsync() => PgCtlAsync("stop", "-m", "immediate");

    /// <summary>Starts the server again on the same directory and port.</summary>
    public Task LaunchAsync() => PgCtlAsync(
        "start",
        "-l", Path.Combine(directory, "server.log"),
        "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=on -c shared_buffers=16MB -c max_connections=200");

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Not running after all; the directory still goes.
            }
        }

        NpgsqlConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private async Task PgCtlAsync(params string[] arguments) =>
        await RunAsServerUserAsync(Path.Combine(binDirectory, "pg_ctl"), ["-D", DataDirectory, "-w", "-t", "60", .. arguments]);

    private static async Task<string> LocateBinariesAsync()
    {
        string output;
        try
        {
            output = await RunAsync("pg_config", ["--bindir"]);
        }
        catch (Exception missing) when (missing is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{InstallHint} (pg_config not found: {missing.Message})", missing);
        }

        var binDirectory = output.Trim();
        if (!File.Exists(Path.Combine(binDirectory, "initdb")) || !File.Exists(Path.Combine(binDirectory, "pg_ctl")))
        {
            throw new InvalidOperationException($"{InstallHint} (no initdb or pg_ctl in {binDirectory}; libpq-dev alone has pg_config)");
        }

        return binDirectory;
    }

    private static async Task<string> TemplateClusterAsync(string binDirectory)
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (templateCluster is not null)
            {
                return templateCluster;
            }

            RemoveTemplatesOfEndedRuns();
            var directory = Directory.CreateTempSubdirectory($"{TemplatePrefix}{Environment.ProcessId}-").FullName;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
            await GiveToServerUserAsync(directory);
            var data = Path.Combine(directory, "data");
            await RunAsServerUserAsync(
                Path.Combine(binDirectory, "initdb"),
                ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
            templateCluster = data;
            return data;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    /// <summary>
    /// The test host is not always given the chance to run exit handlers; a later run removes the templates
    /// of runs whose process is gone.
    /// </summary>
    private static void RemoveTemplatesOfEndedRuns()
    {
        foreach (var stale in Directory.EnumerateDirectories(Path.GetTempPath(), TemplatePrefix + "*"))
        {
            var pid = Path.GetFileName(stale)[TemplatePrefix.Length..].Split('-')[0];
            if (int.TryParse(pid, CultureInfo.InvariantCulture, out var id) && !Directory.Exists($"/proc/{id}"))
            {
                Directory.Delete(stale, recursive: true);
            }
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static async Task GiveToServerUserAsync(string directory)
    {
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", directory]);
        }
    }

    private static Task<string> RunAsServerUserAsync(string program, IReadOnlyList<string> arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }

        return await output;
    }
}
