using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlatauPay.Testing;

/// <summary>
/// A real anvil (Foundry's EVM devnet node) on a free loopback port, from the npm package pinned in
/// <c>contracts/evm</c>. Blocks are mined when a transaction arrives and on request; the ten funded
/// accounts are unlocked, so tests send transactions by naming the sender. Killed on dispose.
/// </summary>
public sealed class AnvilNode : IAsyncDisposable
{
    public const long ChainId = 31337;

    public const string InstallHint = "anvil is not installed: run `npm ci` in contracts/evm (ops/test does it)";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly ProcessStartInfo start;
    private Process process;
    private long nextId;

    private AnvilNode(Process process, ProcessStartInfo start, Uri url)
    {
        this.process = process;
        this.start = start;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The unlocked, funded accounts anvil creates (10,000 ETH each).</summary>
    public IReadOnlyList<string> Accounts { get; private set; } = [];

    /// <summary>The anvil binary of the pinned npm package, or null when <c>npm ci</c> has not run.</summary>
    public static string? Locate()
    {
        var modules = Path.Combine(Contracts.Root, "contracts", "evm", "node_modules", "@foundry-rs");
        return Directory.Exists(modules)
            ? Directory.EnumerateDirectories(modules, "anvil-*").Select(d => Path.Combine(d, "bin", "anvil")).FirstOrDefault(File.Exists)
            : null;
    }

    public static async Task<AnvilNode> StartAsync(params string[] extraArguments)
    {
        var program = Locate() ?? throw new InvalidOperationException(InstallHint);
        var port = FreePort.Next();
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--port", port.ToString(CultureInfo.InvariantCulture), "--host", "127.0.0.1", "--silent", "--chain-id", ChainId.ToString(CultureInfo.InvariantCulture), .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        var node = new AnvilNode(Launch(start), start, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await node.WaitUntilAnsweringAsync();
            node.Accounts = [.. (await node.CallAsync("eth_accounts")).EnumerateArray().Select(a => a.GetString()!)];
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    public bool IsRunning => !process.HasExited;

    /// <summary>
    /// Stops anvil with SIGINT, as Ctrl-C would, so that one started with <c>--state</c> writes its chain to
    /// disk first; waits until it has exited.
    /// </summary>
    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            return;
        }

        using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Starts anvil again on the same port with the same arguments. Started with <c>--state</c>, it comes back
    /// with the chain it had (same blocks, same hashes); otherwise it starts a new chain.
    /// </summary>
    public async Task StartAsync()
    {
        if (!process.HasExited)
        {
            return;
        }

        process.Dispose();
        process = Launch(start);
        await WaitUntilAnsweringAsync();
    }

    public async Task<JsonElement> CallAsync(string method, params JsonNode?[] parameters)
    {
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Interlocked.Increment(ref nextId),
            ["method"] = method,
            ["params"] = new JsonArray(parameters),
        };
        using var response = await http.PostAsJsonAsync(Url, body);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        if (document.RootElement.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"anvil refused {method}: {error}");
        }

        return document.RootElement.GetProperty("result").Clone();
    }

    public async Task<long> BlockNumberAsync() => (long)Quantity(await CallAsync("eth_blockNumber"));

    public async Task MineAsync(int blocks = 1) => await CallAsync("anvil_mine", Hex(blocks));

    public async Task<string> SnapshotAsync() => (await CallAsync("evm_snapshot")).GetString()!;

    public async Task RevertAsync(string snapshot)
    {
        if (!(await CallAsync("evm_revert", snapshot)).GetBoolean())
        {
            throw new InvalidOperationException($"anvil did not revert to snapshot {snapshot}.");
        }
    }

    /// <summary>Sends a transaction from an unlocked account and waits for its receipt; returns the receipt.</summary>
    public async Task<JsonElement> SendAsync(string from, string? to, BigInteger value, string data = "0x", bool expectSuccess = true)
    {
        var transaction = new JsonObject { ["from"] = from, ["value"] = Hex(value), ["data"] = data, ["gas"] = Hex(3_000_000) };
        if (to is not null)
        {
            transaction["to"] = to;
        }

        var hash = (await CallAsync("eth_sendTransaction", transaction)).GetString()!;
        var receipt = await ReceiptAsync(hash);
        if (expectSuccess && receipt.GetProperty("status").GetString() != "0x1")
        {
            throw new InvalidOperationException($"Transaction {hash} failed: {receipt}");
        }

        return receipt;
    }

    /// <summary>Deploys creation code (hex with 0x) and returns the new contract's address.</summary>
    public async Task<string> DeployAsync(string from, string creationCode) =>
        (await SendAsync(from, null, BigInteger.Zero, creationCode)).GetProperty("contractAddress").GetString()!;

    public async Task<JsonElement> ReceiptAsync(string hash)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var receipt = await CallAsync("eth_getTransactionReceipt", hash);
            if (receipt.ValueKind == JsonValueKind.Object)
            {
                return receipt;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No receipt for {hash} within 30 s.");
    }

    /// <summary>An eth_call's raw return data.</summary>
    public async Task<string> ReadAsync(string to, string data) =>
        (await CallAsync("eth_call", new JsonObject { ["to"] = to, ["data"] = data }, "latest")).GetString()!;

    public async Task<BigInteger> BalanceAsync(string address) => Quantity(await CallAsync("eth_getBalance", address, "latest"));

    public static string Hex(BigInteger value) => "0x" + (value.IsZero ? "0" : value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0'));

    public static BigInteger Quantity(JsonElement hex) =>
        BigInteger.Parse("0" + hex.GetString()![2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            process.Dispose();
        }
    }

    private static Process Launch(ProcessStartInfo start)
    {
        var launched = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        launched.OutputDataReceived += (_, _) => { };
        launched.ErrorDataReceived += (_, _) => { };
        launched.BeginOutputReadLine();
        launched.BeginErrorReadLine();
        return launched;
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"anvil exited with code {process.ExitCode} before answering on {Url}.");
            }

            try
            {
                if ((long)Quantity(await CallAsync("eth_chainId")) == ChainId)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"anvil did not answer on {Url} within {StartTimeout.TotalSeconds} s.");
            }

            await Task.Delay(50);
        }
    }
}
