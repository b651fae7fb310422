using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AlatauPay.Chains.Ethereum;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;
using Spectre.Console;

namespace AlatauPay.Cli.Devnet;

/// <summary>
/// <c>alatau devnet pay &lt;invoiceId&gt; --method BTC|LTC|ETH|USDT|USDC [--amount &lt;value&gt;]</c>: pays an invoice of the
/// local devnet from its funded node wallet (or anvil account) and mines, so anyone can watch the checkout page
/// settle. <c>alatau devnet evm-deploy</c> puts the contracts on the devnet's anvil for <c>ops/devnet</c>.
/// </summary>
public static class DevnetCommands
{
    public static Command Build(IAnsiConsole console) =>
        new("devnet", "The local development network started by ops/devnet.") { BuildPay(console), BuildAccountKey(console), BuildEvmDeploy(console) };

    private static readonly Option<string?> Folder = new("--devnet") { Description = "The devnet's state folder; defaults to $ALATAU_DEVNET or ./.devnet" };

    private static Command BuildAccountKey(IAnsiConsole console)
    {
        var command = new Command("account-key", "Print the demo department's account key (tpub), generating its wallet on first use.") { Folder };
        command.SetAction(parsed =>
        {
            console.WriteLine(DevnetAccountKey.LoadOrCreate(DevnetState.Folder(parsed.GetValue(Folder))));
            return 0;
        });
        return command;
    }

    private static Command BuildEvmDeploy(IAnsiConsole console)
    {
        var rpc = new Option<string>("--rpc") { Description = "The devnet's anvil", Required = true };
        var artifacts = new Option<string>("--artifacts")
        {
            Description = "The compiled contracts; defaults to contracts/evm/artifacts",
            DefaultValueFactory = _ => Path.Combine("contracts", "evm", "artifacts"),
        };
        var command = new Command(
            "evm-deploy",
            "Deploy the forwarder factory and the test USDT and USDC on the devnet's anvil (or reuse them if it still holds them); print their addresses.")
        {
            rpc, artifacts, Folder,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                var folder = DevnetState.Folder(parsed.GetValue(Folder));
                Directory.CreateDirectory(folder);
                var deployed = await DevnetEthereum.DeployOrReuseAsync(folder, new Uri(parsed.GetValue(rpc)!), parsed.GetValue(artifacts)!, cancellationToken);
                // name=value lines the devnet script reads into the gateway's settings.
                console.WriteLine($"chain-id={deployed.ChainId}");
                console.WriteLine($"factory={deployed.Factory}");
                console.WriteLine($"usdt={deployed.Usdt}");
                console.WriteLine($"usdc={deployed.Usdc}");
                console.WriteLine($"treasury={deployed.Treasury}");
                return 0;
            }
            catch (Exception failure) when (failure is ArgumentException or HttpRequestException or InvalidOperationException or UriFormatException
                or Nethereum.JsonRpc.Client.RpcClientUnknownException or Nethereum.JsonRpc.Client.RpcResponseException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {failure.Message}");
                return AlatauCli.CouldNotRun;
            }
        });
        return command;
    }

    private static Command BuildPay(IAnsiConsole console)
    {
        var invoiceId = new Argument<string>("invoiceId") { Description = "The invoice to pay (inv_…)" };
        var method = new Option<string>("--method") { Description = "BTC, LTC, ETH, USDT or USDC", Required = true };
        var amount = new Option<string?>("--amount") { Description = "How much to send, in the method's unit; defaults to the amount due" };
        var blocks = new Option<int?>("--blocks")
        {
            Description = "Blocks to mine after paying (0 leaves it unconfirmed); defaults to 1, on Ethereum to what the invoice's speed policy needs",
        };
        var command = new Command("pay", "Pay an invoice from the devnet's funded wallet, then mine.") { invoiceId, method, amount, blocks, Folder };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                var state = await DevnetState.LoadAsync(DevnetState.Folder(parsed.GetValue(Folder)), cancellationToken);
                return await PayAsync(
                    console, state, parsed.GetValue(invoiceId)!, parsed.GetValue(method)!.ToUpperInvariant(), parsed.GetValue(amount), parsed.GetValue(blocks), cancellationToken);
            }
            catch (Exception failure) when (failure is ArgumentException or HttpRequestException or InvalidOperationException or System.Text.Json.JsonException
                or Nethereum.JsonRpc.Client.RpcClientUnknownException or Nethereum.JsonRpc.Client.RpcResponseException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {failure.Message}");
                return AlatauCli.CouldNotRun;
            }
        });
        return command;
    }

    private static async Task<int> PayAsync(
        IAnsiConsole console, DevnetState state, string invoiceId, string method, string? amount, int? blocks, CancellationToken cancellationToken)
    {
        var (wallet, unavailable) = DevnetWallets.For(method, state);
        if (wallet is null)
        {
            console.MarkupLineInterpolated($"[yellow]cannot pay:[/] {unavailable}");
            return AlatauCli.NotVerified;
        }

        using var client = new HttpClient { BaseAddress = new Uri(state.Server.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", state.ApiKey);
        var due = await FindDueAsync(client, invoiceId, method, cancellationToken);
        var send = amount ?? due.Amount;
        var currency = Currency.Parse(method);
        if (!Money.TryParse(send, currency, out var money, out var problem) || !money.IsPositive)
        {
            throw new ArgumentException($"--amount '{send}' is not a positive {method} amount ({problem ?? "not positive"}).");
        }

        // On Ethereum the payment's own block is its first confirmation; the rest of the policy's depth is mined on top.
        var mined = blocks ?? (wallet is EvmDevnetWallet ? EvmDepths.For(await SpeedPolicyAsync(client, due.Invoice, cancellationToken)) - 1 : 1);
        var txid = await wallet.PayAsync(due.Destination, money.ToDecimalString(), cancellationToken);
        await wallet.MineAsync(mined, cancellationToken);
        console.MarkupLineInterpolated($"paid {money.ToDecimalString()} {method} to {due.Destination} for {invoiceId} in {txid}; mined {mined} block(s)");
        return 0;
    }

    private static async Task<(string Destination, string Amount, JsonNode Invoice)> FindDueAsync(
        HttpClient client, string invoiceId, string method, CancellationToken cancellationToken)
    {
        var invoice = await GetAsync(client, $"v1/invoices/{Uri.EscapeDataString(invoiceId)}", $"invoice {invoiceId}", cancellationToken);
        var target = invoice["paymentMethods"]?.AsArray().FirstOrDefault(m => m?["method"]?.GetValue<string>() == method)
            ?? throw new ArgumentException($"invoice {invoiceId} cannot be paid in {method}.");
        return (target["destination"]!.GetValue<string>(), target["due"]!["value"]!.GetValue<string>(), invoice);
    }

    /// <summary>The invoice's own speed policy, else its department's.</summary>
    private static async Task<SpeedPolicy> SpeedPolicyAsync(HttpClient client, JsonNode invoice, CancellationToken cancellationToken)
    {
        var name = invoice["speedPolicy"]?.GetValue<string>();
        if (name is null)
        {
            var code = invoice["department"]!.GetValue<string>();
            var department = await GetAsync(client, $"v1/departments/{Uri.EscapeDataString(code)}", $"department {code}", cancellationToken);
            name = department["speedPolicy"]?.GetValue<string>();
        }

        return SpeedPolicies.TryParse(name, out var policy) ? policy : SpeedPolicy.Medium;
    }

    private static async Task<JsonNode> GetAsync(HttpClient client, string path, string what, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(body) ?? throw new ArgumentException($"the gateway answered an empty body for {what}.")
            : throw new ArgumentException($"the gateway answered {(int)response.StatusCode} for {what}: {body}");
    }
}
