using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AlatauPay.Domain.Amounts;
using Spectre.Console;

namespace AlatauPay.Cli.Devnet;

/// <summary>
/// <c>alatau devnet pay &lt;invoiceId&gt; --method BTC|LTC|ETH|USDT|USDC [--amount &lt;value&gt;]</c>: pays an invoice of the
/// local devnet from its funded node wallet and mines, so anyone can watch the checkout page settle.
/// </summary>
public static class DevnetCommands
{
    public static Command Build(IAnsiConsole console) =>
        new("devnet", "The local development network started by ops/devnet.") { BuildPay(console), BuildAccountKey(console) };

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

    private static Command BuildPay(IAnsiConsole console)
    {
        var invoiceId = new Argument<string>("invoiceId") { Description = "The invoice to pay (inv_…)" };
        var method = new Option<string>("--method") { Description = "BTC, LTC, ETH, USDT or USDC", Required = true };
        var amount = new Option<string?>("--amount") { Description = "How much to send, in the method's unit; defaults to the amount due" };
        var blocks = new Option<int>("--blocks") { Description = "Blocks to mine after paying (0 leaves the payment unconfirmed)", DefaultValueFactory = _ => 1 };
        var command = new Command("pay", "Pay an invoice from the devnet's funded wallet, then mine.") { invoiceId, method, amount, blocks, Folder };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                var state = await DevnetState.LoadAsync(DevnetState.Folder(parsed.GetValue(Folder)), cancellationToken);
                return await PayAsync(
                    console, state, parsed.GetValue(invoiceId)!, parsed.GetValue(method)!.ToUpperInvariant(), parsed.GetValue(amount), parsed.GetValue(blocks), cancellationToken);
            }
            catch (Exception failure) when (failure is ArgumentException or HttpRequestException or InvalidOperationException or System.Text.Json.JsonException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {failure.Message}");
                return AlatauCli.CouldNotRun;
            }
        });
        return command;
    }

    private static async Task<int> PayAsync(
        IAnsiConsole console, DevnetState state, string invoiceId, string method, string? amount, int blocks, CancellationToken cancellationToken)
    {
        var (wallet, unavailable) = DevnetWallets.For(method, state);
        if (wallet is null)
        {
            console.MarkupLineInterpolated($"[yellow]cannot pay:[/] {unavailable}");
            return AlatauCli.NotVerified;
        }

        var due = await FindDueAsync(state, invoiceId, method, cancellationToken);
        var send = amount ?? due.Amount;
        var currency = Currency.Parse(method);
        if (!Money.TryParse(send, currency, out var money, out var problem) || !money.IsPositive)
        {
            throw new ArgumentException($"--amount '{send}' is not a positive {method} amount ({problem ?? "not positive"}).");
        }

        var txid = await wallet.PayAsync(due.Destination, money.ToDecimalString(), cancellationToken);
        await wallet.MineAsync(blocks, cancellationToken);
        console.MarkupLineInterpolated($"paid {money.ToDecimalString()} {method} to {due.Destination} for {invoiceId} in {txid}; mined {blocks} block(s)");
        return 0;
    }

    private static async Task<(string Destination, string Amount)> FindDueAsync(DevnetState state, string invoiceId, string method, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = new Uri(state.Server.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", state.ApiKey);
        using var response = await client.GetAsync($"v1/invoices/{Uri.EscapeDataString(invoiceId)}", cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ArgumentException($"the gateway answered {(int)response.StatusCode} for invoice {invoiceId}: {body}");
        }

        var target = JsonNode.Parse(body)?["paymentMethods"]?.AsArray().FirstOrDefault(m => m?["method"]?.GetValue<string>() == method)
            ?? throw new ArgumentException($"invoice {invoiceId} cannot be paid in {method}.");
        return (target["destination"]!.GetValue<string>(), target["due"]!["value"]!.GetValue<string>());
    }
}
