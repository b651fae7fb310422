using AlatauPay.Domain.Invoices;
using AlatauPay.Testing;
using Dapper;

namespace AlatauPay.EndToEnd.Tests;

/// <summary>
/// Reorgs deeper than everything the watcher has recorded. Each node kind gets a gateway of its own, fresh
/// for the purpose: such a reorg replaces every block since the gateway started, which would disturb the
/// payments of the other scenarios sharing a node.
/// </summary>
public abstract class DeepReorgScenarios(PaymentGateway gateway)
{
    private HttpClient Api => gateway.Client;

    private RegtestNode Node => gateway.Node;

    /// <summary>
    /// The chain drill's lost payments: a reorg reaching below the first block the watcher recorded orphaned
    /// every block it had, and the watcher jumped to the node's tip, skipping the new branch's blocks; the
    /// payment re-mined in them looked gone, its settlement was reversed and it was never accounted again.
    /// </summary>
    [RegtestFact]
    public async Task AReorgBelowTheWatchersFirstBlockThatReMinesThePaymentChangesNothing()
    {
        await gateway.WaitForTipAsync();
        long first;
        await using (var store = await gateway.OpenStoreAsync())
        {
            first = await store.ExecuteScalarAsync<long>("SELECT min(height) FROM chain_blocks WHERE chain = @chain", new { chain = gateway.Chain });
        }

        var bill = await Api.CreateInvoiceAsync(gateway.Chain);
        var payment = await Node.SendFromDeepCoinAsync(bill.Address, bill.Due, (int)(await Node.GetBlockCountAsync() - first + 2));
        await Node.MineAsync(1);
        await Api.WaitForStatusAsync(bill.Id, "settled");

        // The gateway is down while the node replaces every block it recorded by a longer branch that carries
        // the payment again, so the watcher meets the whole reorg in one poll.
        await gateway.StopGatewayAsync();
        var depth = (int)(await Node.GetBlockCountAsync() - first + 1);
        await Node.ReorgOutAsync(depth);
        await Node.MineAsync(depth + 1);
        await gateway.StartGatewayAsync();
        await gateway.WaitForTipAsync();
        await Node.MineAsync(1);
        await gateway.WaitForTipAsync();

        Assert.Equal("settled", (await Api.GetInvoiceAsync(bill.Id))["status"]!.GetValue<string>());
        Assert.Equal([$"settle:{bill.Id}"], await gateway.EntryKeysAsync(bill.Id));
        var observed = Assert.Single(await gateway.PaymentsAsync(bill.Id));
        Assert.Equal((payment, PaymentStanding.Confirmed, depth + 2), (observed.TxId, observed.Standing, observed.Confirmations));
    }
}

public sealed class LitecoinDeepReorgs(LitecoinGateway gateway) : DeepReorgScenarios(gateway), IClassFixture<LitecoinGateway>;

[RequiresBitcoind]
public sealed class BitcoinDeepReorgs(BitcoinGateway gateway) : DeepReorgScenarios(gateway), IClassFixture<BitcoinGateway>;

/// <summary>The same with the gateway on PostgreSQL, its watcher under a lease and its writes fenced.</summary>
public sealed class LitecoinDeepReorgsOnPostgres(LitecoinOnPostgresGateway gateway) : DeepReorgScenarios(gateway), IClassFixture<LitecoinOnPostgresGateway>;
