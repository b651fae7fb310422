using System.Text.Json.Nodes;
using AlatauPay.Application.Chains;
using AlatauPay.Chains.Bitcoin.Rpc;
using AlatauPay.Domain.Amounts;
using AlatauPay.Testing;

namespace AlatauPay.Chains.Bitcoin.Tests;

/// <summary>
/// Issue 9's second hostile-input run: a node on loopback whose every reply is broken in a seeded, random
/// way. Each call must return a sound answer or throw the adapter's retryable <see cref="ChainUnavailableException"/>
/// (or <see cref="ChainConfigurationException"/> for refused credentials), which the watcher logs and retries;
/// nothing else may escape, and no payment may come out that the reply did not soundly carry.
/// </summary>
public sealed class RpcFuzzTests
{
    private const string WatchedScript = "0014751e76e8199196d454941c45d1b3a323f1433bd6";
    private const string Hash = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206";
    private const string Parent = "3d5e4f1b63c1f5d3c9e0b1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6";
    private const string TxId = "aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233";

    private static readonly ScriptWatchList Watched = Watch();

    private static readonly HashSet<string> Allowed = ["ok", nameof(ChainUnavailableException), nameof(ChainConfigurationException)];

    [Fact]
    public async Task FourHundredBrokenRepliesEndAsRetryableRpcErrorsOrSoundAnswers()
    {
        using var server = new HostileRpcServer();
        using var node = Connect(server.Url);
        var outcomes = await RpcFuzz.RunAsync(server, 400, 9_000, ValidReply, i => OutcomeAsync(i % 4, node), Allowed);

        Assert.True(outcomes.GetValueOrDefault(nameof(ChainUnavailableException)) > 200, "most broken replies are retryable RPC errors: " + string.Join(", ", outcomes));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"not hex\"")]
    [InlineData("\"aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff0011223344\"")]
    public async Task AWatchedOutputOfATransactionWithoutAProperTxidIsABrokenReplyNotAPayment(string txid)
    {
        // Found by this run (request 238): a block whose transaction had "txid":"" gave a payment keyed by "".
        var transaction = Transaction(TxId).Replace('"' + TxId + '"', txid, StringComparison.Ordinal);
        using var server = new HostileRpcServer
        {
            Answer = _ => HostileReply.Json(
                $$$"""{"result":{"hash":"{{{Hash}}}","height":5,"previousblockhash":"{{{Parent}}}","time":1700000000,"tx":[{{{transaction}}}]},"error":null,"id":0}"""),
        };
        using var node = Connect(server.Url);

        await Assert.ThrowsAsync<ChainUnavailableException>(() => node.GetBlockAsync(Hash, Watched, CancellationToken.None));
    }

    [Fact]
    public async Task AMempoolListingAnEmptyTxidIsABrokenReply()
    {
        using var server = new HostileRpcServer { Answer = _ => HostileReply.Json("""{"result":["","aa"],"error":null,"id":0}""") };
        using var node = Connect(server.Url);

        await Assert.ThrowsAsync<ChainUnavailableException>(() => node.GetMempoolAsync(Watched, CancellationToken.None));
    }

    private static BitcoinFamilyNode Connect(Uri url) => new(BitcoinFamilyChain.Litecoin, new BitcoinFamilyOptions
    {
        Network = "regtest",
        Rpc = new BitcoinRpcOptions { Url = url, User = "alataupay", Password = "s3cret", Timeout = TimeSpan.FromMilliseconds(400) },
    });

    /// <summary>"ok", the name of the exception thrown, or what was wrong with an answer that came back.</summary>
    private static async Task<string> OutcomeAsync(int operation, BitcoinFamilyNode node)
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
                case 2:
                    var block = await node.GetBlockAsync(Hash, Watched, CancellationToken.None);
                    return Sound(block.Payments) ?? (block.Hash.Length > 0 ? "ok" : "a block without a hash");
                default:
                    var mempool = await node.GetMempoolAsync(Watched, CancellationToken.None);
                    return Sound(mempool.Payments) ?? "ok";
            }
        }
        catch (Exception e)
        {
            return e is ChainUnavailableException or ChainConfigurationException ? e.GetType().Name : $"{e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>Null when every payment is one the template could carry; else what is bogus about one.</summary>
    private static string? Sound(IReadOnlyList<ObservedPayment> payments) => payments.Select(p =>
        p.Amount.MinorUnits <= 0 ? $"a payment of {p.Amount}"
        : p.Amount.Currency != Currency.LTC ? $"a payment in {p.Amount.Currency}"
        : p.Index < 0 ? $"a payment at output {p.Index}"
        : string.IsNullOrEmpty(p.TxId) ? "a payment without a txid"
        : !p.Destination.StartsWith("rltc1q", StringComparison.Ordinal) ? $"a payment to {p.Destination}"
        : null).FirstOrDefault(problem => problem is not null);

    private static string ValidReply(JsonNode? request) => request switch
    {
        JsonArray batch => new JsonArray([.. batch.Select(call => Reply(call))]).ToJsonString(),
        _ => Reply(request).ToJsonString(),
    };

    private static JsonObject Reply(JsonNode? call) => new()
    {
        ["result"] = Result(call?["method"]?.GetValue<string>(), call?["params"]?.AsArray()),
        ["error"] = null,
        ["id"] = call?["id"]?.DeepClone(),
    };

    private static JsonNode? Result(string? method, JsonArray? parameters) => method switch
    {
        "getblockchaininfo" => JsonNode.Parse($$"""{"chain":"regtest","blocks":5,"headers":5,"bestblockhash":"{{Hash}}","initialblockdownload":false,"verificationprogress":1.0}"""),
        "getblockhash" => Hash,
        "getblock" => JsonNode.Parse($$"""{"hash":"{{Hash}}","height":5,"previousblockhash":"{{Parent}}","time":1700000000,"tx":[{{Transaction(TxId)}}]}"""),
        "getrawmempool" => new JsonArray(TxId, Parent),
        "getrawtransaction" => JsonNode.Parse(Transaction(parameters?[0]?.GetValue<string>() ?? TxId)),
        _ => null,
    };

    private static string Transaction(string txid) => $$$"""
        {"txid":"{{{txid}}}","vout":[
          {"value":0.25000000,"n":0,"scriptPubKey":{"hex":"{{{WatchedScript}}}"}},
          {"value":1.5,"n":1,"scriptPubKey":{"hex":"00140000000000000000000000000000000000000000"}}]}
        """;

    private static ScriptWatchList Watch()
    {
        var list = new ScriptWatchList();
        list.Add(WatchedScript);
        return list;
    }
}
