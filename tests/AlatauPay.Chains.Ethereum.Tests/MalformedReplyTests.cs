using System.Net;
using System.Text;
using System.Text.Json;
using AlatauPay.Application.Chains;
using AlatauPay.Domain.Amounts;

namespace AlatauPay.Chains.Ethereum.Tests;

/// <summary>Node replies the adapter must survive: each becomes a retryable <see cref="ChainUnavailableException"/> or is skipped.</summary>
public sealed class MalformedReplyTests
{
    private const string Token = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
    private const string Deposit = "0x8ba1f109551bD432803012645Ac136ddd64DBA72";

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":0}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"hash\":42}}")]
    public async Task AMalformedReplyIsUnavailableNotACrash(string body)
    {
        using var node = NodeAnswering(body);

        await Assert.ThrowsAsync<ChainUnavailableException>(() => node.GetBlockHashAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task ABlockWithoutItsNumberIsUnavailable()
    {
        using var node = NodeAnswering("""
            [{"jsonrpc":"2.0","id":0,"result":[]},{"jsonrpc":"2.0","id":1,"result":[]}]
            """, header: """{"jsonrpc":"2.0","id":0,"result":{"hash":"0xaa","parentHash":"0xbb","timestamp":"0x1"}}""");

        await Assert.ThrowsAsync<ChainUnavailableException>(() => node.GetBlockAsync("0xaa", new ScriptWatchList(), CancellationToken.None));
    }

    [Fact]
    public void RemovedLogsAndUnknownContractsAreDropped()
    {
        var watched = new ScriptWatchList();
        watched.Add(Deposit[2..].ToLowerInvariant());
        var scanner = new EvmBlockScanner([new EvmToken(Currency.USDT, Token, 6)]);
        var payments = new List<ObservedPayment>();
        using var logs = JsonDocument.Parse($$"""
            [
              {{Log(Token, removed: true, logIndex: "0x0")}},
              {{Log("0x5FbDB2315678afecb367f032d93F642f64180aa3", removed: false, logIndex: "0x1")}},
              {{Log(Token, removed: false, logIndex: "0x2")}}
            ]
            """);

        scanner.ScanLogs(logs.RootElement, watched, payments);

        var payment = Assert.Single(payments);
        Assert.Equal((2, Currency.USDT, Deposit, 16L), (payment.Index, payment.Method, payment.Destination, (long)payment.Amount.MinorUnits));
    }

    [Fact]
    public void AFailedCallFrameAndItsChildrenMoveNothing()
    {
        var watched = new ScriptWatchList();
        watched.Add(Deposit[2..].ToLowerInvariant());
        var payments = new List<ObservedPayment>();
        using var traces = JsonDocument.Parse($$$"""
            [{"txHash":"0x01","result":{"type":"CALL","from":"0x01","to":"0x02","value":"0x0","calls":[
              {"type":"CALL","from":"0x02","to":"{{{Deposit}}}","value":"0x5","error":"execution reverted","calls":[
                {"type":"CALL","from":"0x03","to":"{{{Deposit}}}","value":"0x6"}]},
              {"type":"DELEGATECALL","from":"0x02","to":"{{{Deposit}}}","value":"0x7"},
              {"type":"CALL","from":"0x02","to":"{{{Deposit}}}","value":"0x8"}]}}]
            """);

        EvmBlockScanner.ScanTraces(traces.RootElement, watched, payments);

        var payment = Assert.Single(payments);
        Assert.Equal((EvmBlockScanner.TraceIndexBase + 4, 8L), (payment.Index, (long)payment.Amount.MinorUnits));
    }

    private static string Log(string address, bool removed, string logIndex) => $$"""
        {"address":"{{address}}","removed":{{(removed ? "true" : "false")}},"logIndex":"{{logIndex}}","transactionHash":"0xabc",
         "data":"0x0000000000000000000000000000000000000000000000000000000000000010",
         "topics":["{{EvmBlockScanner.TransferTopic}}","0x0000000000000000000000001111111111111111111111111111111111111111",
                   "0x000000000000000000000000{{Deposit[2..].ToLowerInvariant()}}"]}
        """;

    private static EvmNode NodeAnswering(string body, string? header = null) =>
        new(
            new EvmChainOptions { ChainId = 1, ForwarderFactory = Token, RpcUrl = new Uri("http://127.0.0.1:1/"), Tokens = [new EvmToken(Currency.USDT, Token, 6)] },
            new CannedHandler(header is null ? [body] : [header, body]),
            null);

    private sealed class CannedHandler(string[] bodies) : HttpMessageHandler
    {
        private int next;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(bodies[Math.Min(next++, bodies.Length - 1)], Encoding.UTF8, "application/json"),
            });
    }
}
