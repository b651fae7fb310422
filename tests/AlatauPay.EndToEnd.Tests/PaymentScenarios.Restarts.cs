using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.EndToEnd.Tests;

public abstract partial class PaymentScenarios
{
    [AlatauPay.Testing.RegtestFact]
    public async Task BlocksMinedWhileTheGatewayIsDownAreCaughtUpAfterItRestarts()
    {
        var bill = await Api.CreateInvoiceAsync(gateway.Chain);
        await gateway.StopGatewayAsync();
        try
        {
            await Node.SendAsync(bill.Address, bill.Due);
            await Node.MineAsync(3);
        }
        finally
        {
            await gateway.StartGatewayAsync();
        }

        await Api.WaitForStatusAsync(bill.Id, "settled");
        Assert.Equal([$"settle:{bill.Id}"], await gateway.EntryKeysAsync(bill.Id));
    }

    [AlatauPay.Testing.RegtestFact]
    public async Task TheWatcherSurvivesItsNodeStoppingAndRestarting()
    {
        var bill = await Api.CreateInvoiceAsync(gateway.Chain);
        await Node.StopAsync();
        try
        {
            await WaitForChainAsync(chain => chain["nodeReachable"]!.GetValue<bool>() == false);
            var ready = await Api.GetAsync("/health/ready");
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }
        finally
        {
            await Node.StartAsync();
        }

        await Node.SendAsync(bill.Address, bill.Due);
        await Node.MineAsync(1);

        await Api.WaitForStatusAsync(bill.Id, "settled");
        await WaitForChainAsync(chain => chain["nodeReachable"]!.GetValue<bool>() && chain["problem"] is null);
    }

    [AlatauPay.Testing.RegtestFact]
    public async Task ARescanProcessesBlocksAgainAndChangesNothingThatWasRight()
    {
        var bill = await Api.CreateInvoiceAsync(gateway.Chain);
        await Node.SendAsync(bill.Address, bill.Due);
        await Node.MineAsync(2);
        await Api.WaitForStatusAsync(bill.Id, "settled");
        var from = await Node.GetBlockCountAsync() - 5;

        var response = await Api.PostAsync($"/v1/chains/{gateway.Chain}/rescan", JsonContent.Create(new { fromHeight = from }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WaitForRescanTakenAsync();
        await Node.MineAsync(1);
        await gateway.WaitForTipAsync();

        Assert.Equal("settled", (await Api.GetInvoiceAsync(bill.Id))["status"]!.GetValue<string>());
        Assert.Equal([$"settle:{bill.Id}"], await gateway.EntryKeysAsync(bill.Id));
        Assert.Single(await gateway.PaymentsAsync(bill.Id));
    }

    [AlatauPay.Testing.RegtestFact]
    public async Task ARescanFromAboveTheLastProcessedBlockIsRefusedRatherThanSilentlyDropped()
    {
        // Found by a black-box probe: it was acknowledged with 202, and the watcher then dropped it unsaid.
        await gateway.WaitForTipAsync();
        var chains = JsonNode.Parse(await Api.GetStringAsync("/v1/chains"))!.AsArray();
        var processed = chains.Single(c => c!["chain"]!.GetValue<string>() == gateway.Chain)!["lastBlockProcessed"]!.GetValue<long>();

        var above = await Api.PostAsync($"/v1/chains/{gateway.Chain}/rescan", JsonContent.Create(new { fromHeight = processed + 1 }));
        var atTip = await Api.PostAsync($"/v1/chains/{gateway.Chain}/rescan", JsonContent.Create(new { fromHeight = processed }));

        Assert.Equal(HttpStatusCode.BadRequest, above.StatusCode);
        var problem = JsonNode.Parse(await above.Content.ReadAsStringAsync())!;
        Assert.Equal("rescan-height-invalid", problem["code"]!.GetValue<string>());
        Assert.Equal("fromHeight", problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, atTip.StatusCode);
        await WaitForRescanTakenAsync();
    }

    private async Task WaitForRescanTakenAsync(int seconds = 30)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!deadline.IsCancellationRequested)
        {
            await using var connection = await gateway.OpenStoreAsync();
            if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM chain_rescans") == 0)
            {
                return;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Fail("The watcher never took the rescan request.");
    }

    private async Task WaitForChainAsync(Func<JsonNode, bool> condition, int seconds = 30)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        JsonNode? chain = null;
        while (!deadline.IsCancellationRequested)
        {
            var chains = JsonNode.Parse(await Api.GetStringAsync("/v1/chains"))!.AsArray();
            chain = chains.SingleOrDefault(c => c!["chain"]!.GetValue<string>() == gateway.Chain);
            if (chain is not null && condition(chain))
            {
                return;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Fail($"The {gateway.Chain} watcher never reported the expected state; it reports {chain?.ToJsonString()}");
    }
}
