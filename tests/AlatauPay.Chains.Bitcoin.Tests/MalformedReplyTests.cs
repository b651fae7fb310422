using AlatauPay.Application.Chains;
using AlatauPay.Chains.Bitcoin.Rpc;
using AlatauPay.Domain.Amounts;

namespace AlatauPay.Chains.Bitcoin.Tests;

/// <summary>A node that answers nonsense makes the adapter report it unavailable, never fail another way.</summary>
public sealed class MalformedReplyTests
{
    private const string WatchedScript = "0014751e76e8199196d454941c45d1b3a323f1433bd6";

    private static readonly ScriptWatchList Watched = Watch(WatchedScript);

    public static TheoryData<int, string> BrokenStatusReplies => new()
    {
        { 200, "this is not json{" },
        { 200, "" },
        { 200, """{"result":{},"error":null,"id":0}""" },
        { 200, """{"result":{"chain":"regtest","blocks":"many","bestblockhash":"00","initialblockdownload":false},"error":null,"id":0}""" },
        { 200, """{"result":null,"error":null,"id":0}""" },
        { 200, """[1,2,3]""" },
        { 500, "<html>Internal Server Error</html>" },
        { 500, """{"result":null,"error":null,"id":0}""" },
        { 503, "Work queue depth exceeded" },
        { 404, "not found" },
        { 200, """{"result":null,"error":{"code":-28,"message":"Loading block index..."},"id":0}""" },
    };

    [Theory]
    [MemberData(nameof(BrokenStatusReplies))]
    public async Task ReportsTheNodeUnavailableWhenItsStatusIsMalformed(int status, string body)
    {
        using var server = new FakeRpcServer(_ => (status, body));
        using var node = Connect(server.Url);

        var error = await Assert.ThrowsAsync<ChainUnavailableException>(() => node.GetStatusAsync(CancellationToken.None));

        Assert.Contains("getblockchaininfo", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> BrokenBlocks => new()
    {
        Block("""[{"txid":"aa","vout":[{"value":1.0,"n":0}]}]"""),
        Block("""[{"txid":"aa","vout":[{"value":1.0,"n":0,"scriptPubKey":{"hex":42}}]}]"""),
        Block($$$"""[{"txid":"aa","vout":[{"value":"1.0","n":0,"scriptPubKey":{"hex":"{{{WatchedScript}}}"}}]}]"""),
        Block($$$"""[{"txid":"aa","vout":[{"value":1e-8,"n":0,"scriptPubKey":{"hex":"{{{WatchedScript}}}"}}]}]"""),
        Block($$$"""[{"txid":"aa","vout":[{"value":0.123456789,"n":0,"scriptPubKey":{"hex":"{{{WatchedScript}}}"}}]}]"""),
        Block($$$"""[{"vout":[{"value":1.0,"n":0,"scriptPubKey":{"hex":"{{{WatchedScript}}}"}}]}]"""),
        Block($$$"""[{"txid":"aa","vout":[{"value":1.0,"n":-1,"scriptPubKey":{"hex":"{{{WatchedScript}}}"}}]}]"""),
        Block("""{"not":"an array"}"""),
        """{"result":{"hash":"bb","tx":[]},"error":null,"id":0}""",
    };

    [Theory]
    [MemberData(nameof(BrokenBlocks))]
    public async Task ReportsTheNodeUnavailableWhenABlockIsMalformed(string body)
    {
        using var server = new FakeRpcServer(_ => (200, body));
        using var node = Connect(server.Url);

        await Assert.ThrowsAsync<ChainUnavailableException>(() => node.GetBlockAsync("bb", Watched, CancellationToken.None));
    }

    [Fact]
    public async Task ReadsAmountsFromTheNumbersOwnTextExactly()
    {
        var body = Block($$$"""
            [{"txid":"aa","vout":[
              {"value":12.4999447,"n":0,"scriptPubKey":{"hex":"{{{WatchedScript}}}"}},
              {"value":50.00000000,"n":1,"scriptPubKey":{"hex":"{{{WatchedScript.ToUpperInvariant()}}}"}},
              {"value":0.30000001,"n":2,"scriptPubKey":{"hex":"{{{WatchedScript}}}","address":"ignored"}},
              {"ismweb":true,"output_id":"cc"}]}]
            """);
        using var server = new FakeRpcServer(_ => (200, body));
        using var node = Connect(server.Url);

        var block = await node.GetBlockAsync("bb", Watched, CancellationToken.None);

        Assert.Equal(
            [Int128.Parse("1249994470"), Int128.Parse("5000000000"), Int128.Parse("30000001")],
            block.Payments.Select(p => p.Amount.MinorUnits));
        Assert.All(block.Payments, p => Assert.Equal(Currency.LTC, p.Amount.Currency));
        Assert.Equal([0, 1, 2], block.Payments.Select(p => p.Index));
        Assert.All(block.Payments, p => Assert.StartsWith("rltc1q", p.Destination, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReportsTheNodeUnavailableWhenAMempoolBatchIsAnsweredWrongly()
    {
        using var server = new FakeRpcServer(request => request.StartsWith('[')
            ? (200, """[{"result":null,"error":null,"id":7}]""")
            : (200, """{"result":["aa"],"error":null,"id":0}"""));
        using var node = Connect(server.Url);

        await Assert.ThrowsAsync<ChainUnavailableException>(() => node.GetMempoolAsync(Watched, CancellationToken.None));
    }

    [Fact]
    public async Task ReportsTheNodeUnavailableWhenItAnswersTooLate()
    {
        using var release = new CancellationTokenSource();
        using var server = new FakeRpcServer(async _ =>
        {
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return (200, "{}");
        });
        using var node = Connect(server.Url, TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<ChainUnavailableException>(() => node.GetStatusAsync(CancellationToken.None));
        await release.CancelAsync();

        Assert.Contains("AlatauPay:Chains:LTC:Rpc:Timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportsTheNodeUnavailableWhenNothingListens()
    {
        Uri url;
        using (var server = new FakeRpcServer(_ => (200, "{}")))
        {
            url = server.Url;
        }

        using var node = Connect(url);

        await Assert.ThrowsAsync<ChainUnavailableException>(() => node.GetStatusAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task RefusedCredentialsNameTheSettings(int status)
    {
        using var server = new FakeRpcServer(_ => (status, ""));
        using var node = Connect(server.Url);

        var error = await Assert.ThrowsAsync<ChainConfigurationException>(() => node.GetStatusAsync(CancellationToken.None));

        Assert.Contains("AlatauPay:Chains:LTC:Rpc:User and AlatauPay:Chains:LTC:Rpc:Password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    private static string Block(string transactions) =>
        $$$"""{"result":{"hash":"bb","height":5,"previousblockhash":"aa","time":1700000000,"tx":{{{transactions}}}},"error":null,"id":0}""";

    private static ScriptWatchList Watch(string script)
    {
        var list = new ScriptWatchList();
        list.Add(script);
        return list;
    }

    private static BitcoinFamilyNode Connect(Uri url, TimeSpan? timeout = null) =>
        new(BitcoinFamilyChain.Litecoin, new BitcoinFamilyOptions
        {
            Network = "regtest",
            Rpc = new BitcoinRpcOptions { Url = url, User = "alataupay", Password = "s3cret", Timeout = timeout ?? TimeSpan.FromSeconds(5) },
        });
}
