using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace AlatauPay.Cli.Chain;

/// <summary>
/// <c>alatau chain status | rescan --from &lt;height&gt;</c>: what each chain's watcher reports, and asking it to
/// process blocks again. Both go through the gateway's API, so they work from any operator's machine.
/// </summary>
public static class ChainCommands
{
    private static readonly Option<string?> Server = new("--server") { Description = "The gateway's base URL; defaults to $ALATAU_SERVER" };
    private static readonly Option<string?> Key = new("--key") { Description = "An admin API key; defaults to $ALATAU_API_KEY" };

    public static Command Build(IAnsiConsole console) =>
        new("chain", "Chain watchers: status and rescans.")
        {
            BuildStatus(console),
            BuildRescan(console),
        };

    private static Command BuildStatus(IAnsiConsole console)
    {
        var command = new Command("status", "Node reachability, sync, last block processed and lag per chain.") { Server, Key };
        command.SetAction((parsed, cancellationToken) => Guarded(console, async () =>
        {
            using var client = Client(parsed);
            var chains = await client.GetFromJsonAsync<JsonArray>("v1/chains", cancellationToken) ?? [];
            var table = new Table().AddColumns("chain", "watched", "node", "synced", "node tip", "processed", "lag", "problem");
            foreach (var chain in chains.OfType<JsonObject>())
            {
                table.AddRow(
                    Text(chain["chain"]),
                    Text(chain["watched"]),
                    chain["nodeReachable"]?.GetValue<bool>() == true ? "reachable" : "unreachable",
                    Text(chain["nodeSynced"]),
                    Text(chain["nodeTipHeight"]),
                    Text(chain["lastBlockProcessed"]),
                    Text(chain["lagBlocks"]),
                    Markup.Escape(Text(chain["problem"])));
            }

            console.Write(table);
            return chains.OfType<JsonObject>().All(c => c["watched"]?.GetValue<bool>() != true || c["problem"] is null) ? 0 : 1;
        }));
        return command;
    }

    private static Command BuildRescan(IAnsiConsole console)
    {
        var chain = new Argument<string>("chain") { Description = "BTC, LTC, …" };
        var from = new Option<long>("--from") { Description = "The first block height to process again", Required = true };
        var command = new Command("rescan", "Process blocks again from a height; safe to repeat.") { chain, from, Server, Key };
        command.SetAction((parsed, cancellationToken) => Guarded(console, async () =>
        {
            using var client = Client(parsed);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/chains/{Uri.EscapeDataString(parsed.GetValue(chain)!)}/rescan")
            {
                Content = JsonContent.Create(new { fromHeight = parsed.GetValue(from) }),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                console.MarkupLineInterpolated($"[red]rescan refused ({(int)response.StatusCode}):[/] {body}");
                return 1;
            }

            console.MarkupLineInterpolated($"{parsed.GetValue(chain)}: rescan from height {parsed.GetValue(from)} requested; the watcher picks it up on its next poll.");
            return 0;
        }));
        return command;
    }

    private static HttpClient Client(ParseResult parsed)
    {
        var server = parsed.GetValue(Server) ?? Environment.GetEnvironmentVariable("ALATAU_SERVER");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var url))
        {
            throw new ArgumentException("--server or ALATAU_SERVER is required: the gateway's base URL.");
        }

        var key = parsed.GetValue(Key) ?? Environment.GetEnvironmentVariable("ALATAU_API_KEY")
            ?? throw new ArgumentException("--key or ALATAU_API_KEY is required.");
        var client = new HttpClient { BaseAddress = new Uri(url.ToString().TrimEnd('/') + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static string Text(JsonNode? node) =>
        node is null ? "-" : node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    private static async Task<int> Guarded(IAnsiConsole console, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception failure) when (failure is ArgumentException or HttpRequestException or System.Text.Json.JsonException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {failure.Message}");
            return 2;
        }
    }
}
