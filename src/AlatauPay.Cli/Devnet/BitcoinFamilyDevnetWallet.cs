using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace AlatauPay.Cli.Devnet;

/// <summary>A bitcoind or litecoind wallet on regtest, spoken to over Bitcoin Core's JSON-RPC.</summary>
public sealed class BitcoinFamilyDevnetWallet(DevnetNode node) : IDevnetWallet
{
    public async Task<string> PayAsync(string destination, string amount, CancellationToken cancellationToken) =>
        // Amounts travel as strings: the node parses them exactly, never through a binary fraction.
        (await CallAsync("sendtoaddress", [destination, amount], cancellationToken)).GetValue<string>();

    public async Task MineAsync(int blocks, CancellationToken cancellationToken)
    {
        if (blocks <= 0)
        {
            return;
        }

        var address = (await CallAsync("getnewaddress", [], cancellationToken)).GetValue<string>();
        await CallAsync("generatetoaddress", [blocks, address], cancellationToken);
    }

    private async Task<JsonNode> CallAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{node.RpcUser}:{node.RpcPassword}"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        var url = new Uri(new Uri(node.RpcUrl.TrimEnd('/') + "/"), $"wallet/{Uri.EscapeDataString(node.Wallet)}");
        var request = new JsonObject { ["jsonrpc"] = "1.0", ["id"] = "alatau-devnet", ["method"] = method, ["params"] = parameters };
        using var response = await client.PostAsJsonAsync(url, request, cancellationToken);
        var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject;
        if (reply?["error"] is JsonObject error)
        {
            throw new InvalidOperationException($"{method}: {error["message"]?.GetValue<string>()} (code {error["code"]})");
        }

        return reply?["result"] ?? throw new HttpRequestException($"{method}: the node answered {(int)response.StatusCode} without a result.");
    }
}
