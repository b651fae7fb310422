using System.Text;
using System.Text.Json.Nodes;

namespace AlatauPay.Chains.Ethereum.Tests;

/// <summary>
/// Stands between the adapter and anvil like a hosted node without tracing: <c>debug_*</c> and <c>trace_*</c>
/// calls are answered "method not found", everything else goes to anvil. With <paramref name="refuseFinalized"/>
/// it also plays a node from before the merge, which knows no <c>finalized</c> block tag.
/// </summary>
internal sealed class TraceRefusingHandler(bool refuseFinalized = false) : DelegatingHandler(new SocketsHttpHandler())
{
    private int refused;

    public int Refused => Volatile.Read(ref refused);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
        if (body is not JsonArray calls)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var replies = new JsonArray();
        var forwarded = new JsonArray();
        foreach (var call in calls)
        {
            var method = call!["method"]!.GetValue<string>();
            if (method.StartsWith("debug_", StringComparison.Ordinal) || method.StartsWith("trace_", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref refused);
                replies.Add(Error(call, -32601, $"the method {method} does not exist/is not available"));
            }
            else if (refuseFinalized && method == "eth_getBlockByNumber" && call["params"]![0]!.GetValue<string>() == "finalized")
            {
                replies.Add(Error(call, -32602, "invalid argument 0: hex string without 0x prefix"));
            }
            else
            {
                forwarded.Add(call.DeepClone());
            }
        }

        if (forwarded.Count > 0)
        {
            using var inner = new HttpRequestMessage(HttpMethod.Post, request.RequestUri)
            {
                Content = new StringContent(forwarded.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            using var answer = await base.SendAsync(inner, cancellationToken);
            foreach (var reply in JsonNode.Parse(await answer.Content.ReadAsStringAsync(cancellationToken))!.AsArray())
            {
                replies.Add(reply!.DeepClone());
            }
        }

        return new HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            Content = new StringContent(replies.ToJsonString(), Encoding.UTF8, "application/json"),
        };
    }

    private static JsonObject Error(JsonNode call, int code, string message) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = call["id"]!.DeepClone(),
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
    };
}
