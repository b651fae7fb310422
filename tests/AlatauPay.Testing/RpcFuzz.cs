using System.Text.Json.Nodes;

namespace AlatauPay.Testing;

/// <summary>
/// Issue 9's hostile-input run against a chain adapter: call after call, each answered by a reply
/// <see cref="RpcReplyMutator"/> broke in a seeded way. Every outcome must be one the adapter may give (a sound
/// answer, "ok", or the name of a retryable RPC exception); anything else escaped the adapter and fails the run.
/// </summary>
public static class RpcFuzz
{
    /// <param name="validReply">The sound reply to a request, which the mutator then breaks.</param>
    /// <param name="call">Makes call <c>i</c> through the adapter and says how it ended: "ok", or what was thrown or wrong.</param>
    /// <returns>How many calls ended each way.</returns>
    public static async Task<IReadOnlyDictionary<string, int>> RunAsync(
        HostileRpcServer server,
        int calls,
        int seed,
        Func<JsonNode?, string> validReply,
        Func<int, Task<string>> call,
        IReadOnlySet<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(allowed);
        var outcomes = new Dictionary<string, int>();
        var escaped = new List<string>();
        for (var i = 0; i < calls; i++)
        {
            var random = new Random(seed + i);
            var mutation = "";
            server.Answer = request =>
            {
                (var reply, mutation) = RpcReplyMutator.Mutate(validReply(request), random);
                return reply;
            };

            var outcome = await call(i);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            if (!allowed.Contains(outcome))
            {
                escaped.Add($"#{i} ({mutation}): {outcome}");
            }
        }

        Assert.True(escaped.Count == 0, "Escaped the adapter's RPC errors:\n" + string.Join('\n', escaped));
        Assert.True(outcomes.GetValueOrDefault("ok") > 20, "some replies survive the mutation intact and are read: " + string.Join(", ", outcomes));
        return outcomes;
    }
}
