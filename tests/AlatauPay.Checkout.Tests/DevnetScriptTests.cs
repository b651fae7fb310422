using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AlatauPay.Cli;
using AlatauPay.Testing;

namespace AlatauPay.Checkout.Tests;

/// <summary>
/// The README's first command, <c>ops/devnet</c>, from a clean state folder on free ports: it prints its URLs,
/// invoices created on it settle after <c>alatau devnet pay</c> in LTC, ETH and USDT, and SIGINT stops every
/// process it started (litecoind, anvil, the gateway).
/// </summary>
public sealed partial class DevnetScriptTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);

    private readonly string state = Path.Combine(Path.GetTempPath(), "alataupay-devnet-" + Guid.NewGuid().ToString("N"));
    private readonly StringBuilder output = new();
    private Process? script;

    [Fact]
    public async Task StartsFromCleanStatePaysInvoicesAndStopsOnSigint()
    {
        var port = FreePort.Next();
        script = Start(port, FreePort.Next());
        var printed = await WaitForOutputAsync("Checkout page", StartTimeout);

        var api = Printed(printed, "API").TrimEnd('/');
        var key = Printed(printed, "API key");
        var checkout = Printed(printed, "Checkout page");
        Assert.Equal($"http://127.0.0.1:{port}/v1", api);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        using (var page = await client.GetAsync(new Uri(checkout)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
            Assert.DoesNotContain(key, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The sample invoice offers every chain the devnet runs.
        var sample = JsonNode.Parse(await client.GetStringAsync(new Uri(checkout + "/status")))!;
        var offered = sample["methods"]!.AsArray().Select(m => m!["method"]!.GetValue<string>()).Where(m => m != "BTC").ToArray();
        Assert.Equal(new[] { "LTC", "ETH", "USDT", "USDC" }, offered);

        foreach (var method in (string[])["LTC", "ETH", "USDT"])
        {
            var invoiceId = await CreateInvoiceAsync(client, key, method);
            using var paid = new StringWriter();
            var code = await AlatauCli.RunAsync(["devnet", "pay", invoiceId, "--method", method, "--devnet", state], paid, paid, CancellationToken.None);
            Assert.True(code == 0, paid.ToString());
            await WaitForSettledAsync(client, invoiceId);
        }

        var children = ProcessesOf(port);
        Assert.True(children.Count >= 3, $"Expected the gateway, litecoind and anvil among the devnet's processes; found {children.Count}.");
        Interrupt(script.Id);
        using (var exited = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await script.WaitForExitAsync(exited.Token);
        }

        await WaitUntilGoneAsync(children);
        Assert.Contains("stopping", Output(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (script is { HasExited: false })
        {
            script.Kill(entireProcessTree: true);
            script.WaitForExit();
        }

        script?.Dispose();
        if (Directory.Exists(state))
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private Process Start(int port, int litecoinRpcPort)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "ops", "devnet")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot(),
        };
        start.Environment["ALATAU_DEVNET"] = state;
        start.Environment["ALATAU_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ALATAU_LTC_RPC_PORT"] = litecoinRpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ALATAU_BTC_RPC_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ALATAU_ETH_RPC_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private string Output()
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private async Task<string> WaitForOutputAsync(string marker, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var text = Output();
            if (text.Contains(marker, StringComparison.Ordinal))
            {
                return text;
            }

            Assert.False(script!.HasExited, $"ops/devnet exited with {(script.HasExited ? script.ExitCode : 0)} before printing its URLs:\n{text}");
            await Task.Delay(200);
        }

        Assert.Fail($"ops/devnet did not print '{marker}' within {timeout}:\n{Output()}");
        return "";
    }

    private static string Printed(string text, string label)
    {
        var match = Regex.Match(text, $@"^\s*{Regex.Escape(label)}\s{{2,}}(\S+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"ops/devnet printed no '{label}':\n{text}");
        return match.Groups[1].Value;
    }

    private static async Task<string> CreateInvoiceAsync(HttpClient client, string key, string method)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/invoices")
        {
            Content = new StringContent(
                $$"""{ "department": "water", "service": "hot-water", "payer": { "account": "ACC-2002" }, "amount": { "currency": "KZT", "value": "5000.00" }, "methods": ["{{method}}"] }""",
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    private static async Task WaitForSettledAsync(HttpClient client, string invoiceId)
    {
        var deadline = Stopwatch.StartNew();
        var status = "";
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            status = await client.GetStringAsync($"pay/{invoiceId}/status");
            if (JsonNode.Parse(status)!["state"]!.GetValue<string>() == "settled")
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Invoice {invoiceId} did not settle on the devnet within 60 s; its checkout status is {status}");
    }

    /// <summary>The devnet's nodes (their data is under the state folder) and gateway (it listens on the port).</summary>
    private List<int> ProcessesOf(int port)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == script!.Id)
            {
                continue;
            }

            try
            {
                var command = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (command.Contains($"-datadir={state}", StringComparison.Ordinal)
                    || command.Contains($"--state {state}", StringComparison.Ordinal)
                    || command.Contains($"AlatauPay.Api.dll --urls http://127.0.0.1:{port}", StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while being looked at.
            }
        }

        return found;
    }

    private static async Task WaitUntilGoneAsync(List<int> pids)
    {
        var deadline = Stopwatch.StartNew();
        while (pids.Any(pid => Directory.Exists($"/proc/{pid}")) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        Assert.All(pids, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"Process {pid} outlived ops/devnet."));
    }

    private static void Interrupt(int pid)
    {
        using var kill = Process.Start("kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AlatauPay.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (AlatauPay.sln) is not above the test assembly.");
    }
}
