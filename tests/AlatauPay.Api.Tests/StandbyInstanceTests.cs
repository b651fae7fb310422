using System.Net;
using System.Text.Json.Nodes;
using AlatauPay.Testing;
using Dapper;

namespace AlatauPay.Api.Tests;

/// <summary>
/// Behind a load balancer, an operator's call lands on any instance, usually one that does not run the watcher.
/// Found in review: such a standby never listed the chain (its board filled only when it polled, which a standby
/// never does), so it refused a rescan with <c>chain-not-watched</c>. Now it lists the chain from start-up, follows
/// the blocks the leader records, and checks a rescan's height against the stored tip.
/// </summary>
[Collection(PaymentChains.Collection)]
public sealed class StandbyInstanceTests(PaymentChains chains)
{
    [Fact]
    public async Task AStandbyListsTheChainAndTakesARescanThatTheLeaderDoes()
    {
        await using var fleet = await GatewayFleet.StartAsync(await chains.Postgres.CreateDatabaseAsync("standby"), extra: chains.Settings);
        var leader = fleet.Instances[0];
        await fleet.WaitForHolderAsync("watch:LTC", h => h == leader, "the first instance");
        await Eventually.WaitAsync(async () => await fleet.LitecoinHeightAsync() > 10, "the leader records blocks");
        await fleet.AddAsync(1);
        var standby = fleet.Instances[1];
        var processed = await fleet.LitecoinHeightAsync();

        var listed = JsonNode.Parse(await fleet.Client(standby).GetStringAsync("/v1/chains"))!.AsArray()
            .SingleOrDefault(c => c!["chain"]!.GetValue<string>() == "LTC");
        var above = await fleet.Client(standby).PostJsonAsync("/v1/chains/LTC/rescan", new { fromHeight = processed + 1_000 });
        var rescan = await fleet.Client(standby).PostJsonAsync("/v1/chains/LTC/rescan", new { fromHeight = processed - 5 });

        Assert.NotNull(listed);
        Assert.True(listed["watched"]!.GetValue<bool>());
        Assert.True(listed["lastBlockProcessed"]!.GetValue<long>() >= processed, listed.ToJsonString());
        await above.ExpectProblemAsync(HttpStatusCode.BadRequest, "rescan-height-invalid", "fromHeight");
        await rescan.ExpectAsync(HttpStatusCode.Accepted);
        await GatewayFleet.WaitForRescanStartAsync(leader);
        await Eventually.WaitAsync(
            async () =>
            {
                await using var connection = await fleet.OpenDatabaseAsync();
                return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM chain_rescans") == 0;
            },
            "the leader completes the rescan");
        Assert.DoesNotContain("rescanning blocks", standby.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStandbyReportsTheBlocksTheLeaderRecords()
    {
        await using var fleet = await GatewayFleet.StartAsync(await chains.Postgres.CreateDatabaseAsync("standby-view"), extra: chains.Settings);
        var leader = fleet.Instances[0];
        await fleet.WaitForHolderAsync("watch:LTC", h => h == leader, "the first instance");
        await fleet.AddAsync(1);
        var standby = fleet.Instances[1];

        await chains.Litecoin.MineAsync(2);
        var tip = await chains.Litecoin.GetBlockCountAsync();

        JsonNode? seen = null;
        await Eventually.WaitAsync(
            async () =>
            {
                seen = JsonNode.Parse(await fleet.Client(standby).GetStringAsync("/v1/chains"))!.AsArray()
                    .SingleOrDefault(c => c!["chain"]!.GetValue<string>() == "LTC");
                return seen?["lastBlockProcessed"]?.GetValue<long>() == tip;
            },
            "the standby reports the leader's newest block");
        Assert.Null(seen!["lastPollAt"]);
        Assert.Equal(0, seen["lagBlocks"]!.GetValue<long>());
        Assert.Equal(leader, (await fleet.HolderAsync("watch:LTC")).Holder);
    }

    [Fact]
    public async Task AStandbyThatCannotReachItsNodeSaysSoAndStaysReady()
    {
        await using var fleet = await GatewayFleet.StartAsync(await chains.Postgres.CreateDatabaseAsync("standby-down"), extra: chains.Settings);
        var leader = fleet.Instances[0];
        await fleet.WaitForHolderAsync("watch:LTC", h => h == leader, "the first instance");
        await using var down = RpcFaultProxy.Start(chains.Litecoin.RpcUrl);
        down.Fault = RpcFault.Refuse;
        await fleet.AddAsync(1, new Dictionary<string, string> { ["AlatauPay:Chains:LTC:Rpc:Url"] = down.Url.ToString() });
        var standby = fleet.Instances[1];

        JsonNode? seen = null;
        await Eventually.WaitAsync(
            async () =>
            {
                var ready = await standby.Client(GatewayHost.AdminKey).GetAsync("/health/ready");
                seen = JsonNode.Parse(await fleet.Client(standby).GetStringAsync("/v1/chains"))!.AsArray()
                    .SingleOrDefault(c => c!["chain"]!.GetValue<string>() == "LTC");
                return ready.StatusCode == HttpStatusCode.OK && seen?["nodeReachable"]?.GetValue<bool>() == false;
            },
            "the standby reports its node unreachable and stays ready");
        Assert.False(string.IsNullOrEmpty(seen!["problem"]?.GetValue<string>()));
        Assert.Equal(leader, (await fleet.HolderAsync("watch:LTC")).Holder);
    }
}
