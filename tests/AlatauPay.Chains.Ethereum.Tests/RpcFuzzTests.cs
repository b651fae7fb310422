using System.Text.Json.Nodes;
using AlatauPay.Application.Chains;
using AlatauPay.Domain.Amounts;
using AlatauPay.Testing;

namespace AlatauPay.Chains.Ethereum.Tests;

/// <summary>
/// Issue 9's second hostile-input run for the EVM adapter: a node on loopback whose every reply is broken
/// in a seeded, random way. Each call must return a sound answer or throw the retryable
/// <see cref="ChainUnavailableException"/> (or <see cref="ChainConfigurationException"/>), which the watcher
/// logs and retries; nothing else may escape, and no payment may come out that the reply did not carry.
/// </summary>
public sealed class RpcFuzzTests
{
    private const string Token = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
    private const string Deposit = "0x8ba1f109551bd432803012645ac136ddd64dba72";
    private const string Hash = "0x0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206";
    private const string Parent = "0x3d5e4f1b63c1f5d3c9e0b1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6";
    private const string TxHash = "0xaa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233";

    private static readonly HashSet<string> Allowed = ["ok", nameof(ChainUnavailableException), nameof(ChainConfigurationException)];

    [Fact]
    public async Task FourHundredBrokenRepliesEndAsRetryableRpcErrorsOrSoundAnswers()
    {
        using var server = new HostileRpcServer();
        var watched = new ScriptWatchList();
        watched.Add(Deposit[2..]);
        var outcomes = await RpcFuzz.RunAsync(
            server,
            400,
            7_000,
            ValidReply,
            async i =>
            {
                // A node per call: a header it cached, or its memory that traces are unsupported, stays out of the next.
                using var node = new EvmNode(new EvmChainOptions
                {
                    ChainId = 1,
                    ForwarderFactory = Token,
                    RpcUrl = server.Url,
                    RpcTimeout = TimeSpan.FromMilliseconds(400),
                    Tokens = [new EvmToken(Currency.USDT, Token, 6)],
                });
                return await OutcomeAsync(i % 3, node, watched);
            },
            Allowed);

        Assert.True(outcomes.GetValueOrDefault(nameof(ChainUnavailableException)) > 150, "most broken replies are retryable RPC errors: " + string.Join(", ", outcomes));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":0,"result":1}""", """{"number":"0x5","hash":"0xaa"}""", "false")]
    [InlineData("""{"jsonrpc":"2.0","id":0,"result":"0x1"}""", """{"hash":"0xaa"}""", "false")]
    [InlineData("""{"jsonrpc":"2.0","id":0,"result":"0x1"}""", """{"number":5,"hash":"0xaa"}""", "false")]
    [InlineData("""{"jsonrpc":"2.0","id":0,"result":"0x1"}""", "42", "false")]
    [InlineData("""{"jsonrpc":"2.0","id":0,"result":"0x1"}""", """{"number":"0xffffffffffffffffffffffff","hash":"0xaa"}""", "false")]
    public async Task AMalformedStatusReplyIsRetryableNotACrash(string chainId, string tip, string syncing)
    {
        // Found by this run (requests 24, 78, 156, …): the status batch was read outside the adapter's guard,
        // so a wrong type or a missing field escaped as FormatException or InvalidOperationException.
        using var server = new HostileRpcServer
        {
            Answer = _ => HostileReply.Json($$"""[{{chainId}},{"jsonrpc":"2.0","id":1,"result":{{tip}}},{"jsonrpc":"2.0","id":2,"result":{{syncing}}}]"""),
        };
        using var node = new EvmNode(new EvmChainOptions { ChainId = 1, ForwarderFactory = Token, RpcUrl = server.Url, RpcTimeout = TimeSpan.FromSeconds(5) });

        var error = await Assert.ThrowsAsync<ChainUnavailableException>(() => node.GetStatusAsync(CancellationToken.None));

        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> OutcomeAsync(int operation, EvmNode node, ScriptWatchList watched)
    {
        try
        {
            switch (operation)
            {
                case 0:
                    var status = await node.GetStatusAsync(CancellationToken.None);
                    return status.TipHeight >= 0 ? "ok" : $"a negative tip {status.TipHeight}";
                case 1:
                    var hash = await node.GetBlockHashAsync(5, CancellationToken.None);
                    return hash is null or { Length: > 0 } ? "ok" : "an empty block hash";
                default:
                    var block = await node.GetBlockAsync(Hash, watched, CancellationToken.None);
                    var bogus = block.Payments.FirstOrDefault(p =>
                        p.Amount.MinorUnits <= 0 || p.Index < 0 || string.IsNullOrEmpty(p.TxId)
                        || !string.Equals(p.Destination, Deposit, StringComparison.OrdinalIgnoreCase));
                    return bogus is null ? "ok" : $"a bogus payment {bogus}";
            }
        }
        catch (Exception e)
        {
            return e is ChainUnavailableException or ChainConfigurationException ? e.GetType().Name : $"{e.GetType().Name}: {e.Message}";
        }
    }

    private static string ValidReply(JsonNode? request) => request switch
    {
        JsonArray batch => new JsonArray([.. batch.Select(call => Reply(call))]).ToJsonString(),
        _ => Reply(request).ToJsonString(),
    };

    private static JsonObject Reply(JsonNode? call) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = call?["id"]?.DeepClone(),
        ["result"] = Result(call?["method"]?.GetValue<string>(), call?["params"]?.AsArray()),
    };

    private static JsonNode? Result(string? method, JsonArray? parameters) => method switch
    {
        "eth_chainId" => "0x1",
        "eth_syncing" => false,
        "eth_getBlockByNumber" or "eth_getBlockByHash" => Header(full: parameters?.Count > 1 && parameters[1]?.GetValue<bool>() == true),
        "debug_traceBlockByHash" => JsonNode.Parse($$$"""
            [{"txHash":"{{{TxHash}}}","result":{"type":"CALL","from":"0x01","to":"0x02","value":"0x0","calls":[
              {"type":"CALL","from":"0x02","to":"{{{Deposit}}}","value":"0x5"}]}}]
            """),
        "eth_getBlockReceipts" => JsonNode.Parse($$"""[{"transactionHash":"{{TxHash}}","status":"0x1"}]"""),
        "eth_getLogs" => JsonNode.Parse($$$"""
            [{"address":"{{{Token}}}","removed":false,"logIndex":"0x2","transactionHash":"{{{TxHash}}}",
              "data":"0x0000000000000000000000000000000000000000000000000000000000000010",
              "topics":["{{{EvmBlockScanner.TransferTopic}}}","0x0000000000000000000000001111111111111111111111111111111111111111",
                        "0x000000000000000000000000{{{Deposit[2..]}}}"]}]
            """),
        _ => null,
    };

    private static JsonObject Header(bool full)
    {
        var header = new JsonObject { ["number"] = "0x5", ["hash"] = Hash, ["parentHash"] = Parent, ["timestamp"] = "0x6553f100" };
        if (full)
        {
            header["transactions"] = JsonNode.Parse($$"""[{"hash":"{{TxHash}}","from":"0x01","to":"{{Deposit}}","value":"0x7","input":"0x"}]""");
        }

        return header;
    }
}
