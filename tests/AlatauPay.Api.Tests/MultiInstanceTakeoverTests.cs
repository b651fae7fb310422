using System.Diagnostics;

namespace AlatauPay.Api.Tests;

/// <summary>
/// Three gateway processes on one PostgreSQL and one Redis take invoices while residents pay on Litecoin
/// regtest and anvil; the instance running the chain watchers is killed outright, and one of the others
/// takes the watchers over within the lease time.
/// </summary>
[Collection(PaymentChains.Collection)]
public sealed class MultiInstanceTakeoverTests(PaymentChains chains)
{
    private static readonly string[] Watchers = ["watch:LTC", "watch:ETH"];

    [Fact]
    public async Task WhenTheWatchingInstanceIsKilledAnotherTakesOverAndEveryPaymentSettlesOnce()
    {
        await using var fleet = await GatewayFleet.StartAsync(await chains.Postgres.CreateDatabaseAsync("takeover"), chains.Redis.Configuration, chains.Settings);
        var leader = fleet.Instances[0];
        var tokens = new Dictionary<string, long>();
        foreach (var lease in Watchers)
        {
            tokens[lease] = (await fleet.WaitForHolderAsync(lease, h => h == leader, "the first instance")).Token;
        }

        await fleet.AddAsync(2);
        var clients = fleet.Instances.Select(fleet.Client).ToList();
        await PaymentChains.CreateDepartmentAsync(clients[0], "takeover");

        var beforeKill = await BillAndPayAsync(clients, "takeover", 6);
        await chains.ConfirmAsync();
        await leader.KillAsync();
        var killedAt = Stopwatch.StartNew();
        var takeovers = Watchers.ToDictionary(lease => lease, lease => TakeoverAsync(fleet, lease, leader, killedAt));
        var survivors = clients.Skip(1).ToList();
        var afterKill = await BillAndPayAsync(survivors, "takeover", 4);
        await chains.ConfirmAsync();

        foreach (var (lease, takeover) in takeovers)
        {
            var (successor, token, after) = await takeover;
            Assert.True(
                after < GatewayFleet.LeaseDuration + TimeSpan.FromSeconds(3),
                $"{lease} was taken over {after.TotalSeconds:F1} s after the kill; the lease lasts {GatewayFleet.LeaseDuration.TotalSeconds} s");
            Assert.True(token > tokens[lease], $"{lease}: the successor's token {token} is not above the killed holder's {tokens[lease]}");
            Assert.Contains(successor, fleet.Running);
        }

        var bills = beforeKill.Concat(afterKill).ToList();
        await WaitUntilSettledAsync(fleet, survivors, bills);
        await AssertSettledOnceAsync(fleet, bills);
    }

    private static async Task<(GatewayProcess Successor, long Token, TimeSpan After)> TakeoverAsync(
        GatewayFleet fleet, string lease, GatewayProcess killed, Stopwatch sinceKill)
    {
        var (successor, token) = await fleet.WaitForHolderAsync(lease, h => h != killed, "a surviving instance");
        return (successor, token, sinceKill.Elapsed);
    }

    /// <summary>Creates <paramref name="count"/> invoices in turn through each client, half LTC and half ETH, and pays each.</summary>
    private async Task<List<(ChainBill Bill, string Txid)>> BillAndPayAsync(List<HttpClient> clients, string department, int count)
    {
        var paid = new List<(ChainBill, string)>();
        for (var i = 0; i < count; i++)
        {
            var bill = await PaymentChains.CreateInvoiceAsync(clients[i % clients.Count], department, i % 2 == 0 ? "LTC" : "ETH");
            paid.Add((bill, await chains.PayAsync(bill)));
        }

        return paid;
    }

    private static async Task WaitUntilSettledAsync(GatewayFleet fleet, List<HttpClient> clients, IReadOnlyList<(ChainBill Bill, string Txid)> bills)
    {
        var pending = bills.Select(b => b.Bill.Id).ToHashSet();
        var round = 0;
        try
        {
            await Eventually.WaitAsync(
                async () =>
                {
                    foreach (var id in pending.ToList())
                    {
                        var invoice = await (await clients[round++ % clients.Count].GetAsync($"/v1/invoices/{id}")).ExpectAsync(System.Net.HttpStatusCode.OK);
                        if (invoice["status"]!.GetValue<string>() == "settled")
                        {
                            pending.Remove(id);
                        }
                    }

                    return pending.Count == 0;
                },
                "every paid invoice is settled",
                TimeSpan.FromSeconds(45));
        }
        catch (Xunit.Sdk.XunitException)
        {
            Assert.Fail($"Not settled: {string.Join(", ", pending)}\n{fleet.Output}");
        }
    }

    private static async Task AssertSettledOnceAsync(GatewayFleet fleet, IReadOnlyList<(ChainBill Bill, string Txid)> bills)
    {
        await using var connection = await fleet.OpenDatabaseAsync();
        var ids = bills.Select(b => b.Bill.Id).ToList();
        var entries = await connection.EntryKeysAsync(ids);
        var observations = await connection.ObservationsAsync(ids);
        foreach (var (bill, txid) in bills)
        {
            Assert.Equal([$"settle:{bill.Id}"], entries[bill.Id]);
            var observation = Assert.Single(observations[bill.Id]);
            Assert.StartsWith($"{bill.Method}:{txid}:", observation, StringComparison.OrdinalIgnoreCase);
        }

        await connection.AssertLedgerBalancedAsync();
    }
}
