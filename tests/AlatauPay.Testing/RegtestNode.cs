using System.Diagnostics;
using System.Net.Sockets;

namespace AlatauPay.Testing;

/// <summary>
/// A <c>litecoind</c> or <c>bitcoind</c> in regtest mode, run as a process on free loopback ports in a fresh
/// data directory, with a funded wallet. Disposing kills the process and deletes the directory.
/// </summary>
public sealed partial class RegtestNode : IAsyncDisposable
{
    /// <summary>The node wallet that holds the mined coins.</summary>
    public const string WalletName = "alataupay-tests";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string program;
    private Process? process;
    private bool hasWallet;

    private RegtestNode(RegtestDaemon daemon, string program)
    {
        Daemon = daemon;
        this.program = program;
        DataDirectory = Directory.CreateTempSubdirectory($"alataupay-{daemon.Program}-").FullName;
        RpcPort = FreePort.Next();
        P2pPort = FreePort.Next();
        RpcPassword = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        Rpc = new RegtestRpc(RpcUrl, RpcUser, RpcPassword);
    }

    public RegtestDaemon Daemon { get; }

    /// <summary>"LTC" or "BTC", as the gateway's configuration names the chain.</summary>
    public string Chain => Daemon.Chain;

    public string DataDirectory { get; }

    public int RpcPort { get; }

    public int P2pPort { get; }

    public Uri RpcUrl => new($"http://127.0.0.1:{RpcPort}/");

    public string RpcUser => "alataupay";

    public string RpcPassword { get; }

    /// <summary>The cookie the node writes on every start (with a new password) and deletes on shutdown.</summary>
    public string CookieFile => Path.Combine(DataDirectory, "regtest", ".cookie");

    public RegtestRpc Rpc { get; }

    public bool IsRunning => process is { HasExited: false };

    /// <summary>Settings that point the gateway's <c>AlatauPay:Chains:{Chain}</c> at this node with user and password.</summary>
    public IReadOnlyDictionary<string, string?> Configuration => new Dictionary<string, string?>
    {
        [$"AlatauPay:Chains:{Chain}:Network"] = "regtest",
        [$"AlatauPay:Chains:{Chain}:Rpc:Url"] = RpcUrl.ToString(),
        [$"AlatauPay:Chains:{Chain}:Rpc:User"] = RpcUser,
        [$"AlatauPay:Chains:{Chain}:Rpc:Password"] = RpcPassword,
    };

    /// <summary>Starts a node with a wallet whose coinbase outputs have matured (height 101).</summary>
    /// <exception cref="InvalidOperationException">The program is not installed (for Litecoin: fail, never skip).</exception>
    public static async Task<RegtestNode> StartAsync(RegtestDaemon daemon)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        var program = daemon.Locate() ?? throw new InvalidOperationException(daemon.InstallHint);
        var node = new RegtestNode(daemon, program);
        try
        {
            await node.StartAsync();
            await node.Rpc.CallAsync("createwallet", WalletName);
            node.hasWallet = true;
            await node.MineAsync(101);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the node again on the same data directory and ports, with its wallet loaded.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        process?.Dispose();
        process = Process.Start(StartInfo()) ?? throw new InvalidOperationException($"{program} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilAnsweringAsync();
        if (hasWallet)
        {
            await LoadWalletAsync();
        }
    }

    /// <summary>Stops the node the way an operator would (<c>stop</c>), waiting until the process has exited.</summary>
    public async Task StopAsync()
    {
        if (!IsRunning)
        {
            return;
        }

        await Rpc.CallAsync("stop");
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await process!.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process!.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        Rpc.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being closed by the dying process; the temp directory is cleaned by the OS later.
        }
    }

    private ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "-regtest", $"-datadir={DataDirectory}", $"-port={P2pPort}", $"-rpcport={RpcPort}", "-listen=0", "-server",
            "-rpcbind=127.0.0.1", "-rpcallowip=127.0.0.1", "-fallbackfee=0.0001", $"-rpcauth={RpcAuth.Line(RpcUser, RpcPassword)}",
            "-printtoconsole=0", "-dnsseed=0", "-discover=0", "-upnp=0",

            // The node's shutdown waits for idle keep-alive RPC connections to time out (30 s by default).
            "-rpcservertimeout=2",
        }.Concat(Daemon.ExtraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"{program} exited with {process.ExitCode} while starting: {DebugLogTail()}");
            }

            try
            {
                await Rpc.CallAsync("getblockchaininfo");
                return;
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or RegtestRpcException { Code: -28 } && deadline.Elapsed < StartTimeout)
            {
                // Not listening yet, or warming up (-28): poll again shortly.
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    private async Task LoadWalletAsync()
    {
        try
        {
            await Rpc.CallAsync("loadwallet", WalletName);
        }
        catch (RegtestRpcException e) when (e.Code == -35)
        {
            // Already loaded (a node that reloads wallets on start).
        }
    }

    private string DebugLogTail()
    {
        var log = Path.Combine(DataDirectory, "regtest", "debug.log");
        return File.Exists(log) ? string.Join(Environment.NewLine, File.ReadLines(log).TakeLast(20)) : "(no debug.log)";
    }
}
