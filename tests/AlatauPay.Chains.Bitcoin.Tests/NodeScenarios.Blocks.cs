using AlatauPay.Application.Chains;
using AlatauPay.Domain.Amounts;
using AlatauPay.Testing;

namespace AlatauPay.Chains.Bitcoin.Tests;

public abstract partial class NodeScenarios
{
    [RegtestFact]
    public async Task FindsTheExactPaymentToAWatchedAddressWithItsOutputIndex()
    {
        var node = Connect();
        var address = DepositAddress();
        var txid = await Node.SendAsync(address, 0.12345678m);

        var block = await MineAndReadAsync(node, Watching(node, address));

        var payment = Assert.Single(block.Payments);
        Assert.Equal(new ObservedPayment(txid, payment.Index, Currency, address, Money.Parse("0.12345678", Currency)), payment);
        var output = (await Node.CallAsync("getrawtransaction", txid, true, block.Hash)).GetProperty("vout")[payment.Index];
        Assert.Equal(node.WatchKey(Currency, address), output.GetProperty("scriptPubKey").GetProperty("hex").GetString());
    }

    [RegtestFact]
    public async Task DescribesTheBlockAndItsParent()
    {
        var node = Connect();
        var parent = await Node.GetBestBlockHashAsync();

        var block = await MineAndReadAsync(node, new ScriptWatchList());

        Assert.Equal(await Node.GetBestBlockHashAsync(), block.Hash);
        Assert.Equal(parent, block.ParentHash);
        Assert.Equal(await Node.GetBlockCountAsync(), block.Height);
        Assert.InRange(block.Time, DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow.AddHours(3));
    }

    [RegtestFact]
    public async Task IgnoresOutputsToUnwatchedAddresses()
    {
        var node = Connect();
        var watched = DepositAddress();
        await Node.SendAsync(DepositAddress(), 0.5m);
        await Node.SendAsync(await Node.GetNewAddressAsync(), 0.25m);

        var block = await MineAndReadAsync(node, Watching(node, watched));

        Assert.Empty(block.Payments);
    }

    [RegtestFact]
    public async Task FindsBothPaymentsOfOneTransactionPayingTwoWatchedAddresses()
    {
        var node = Connect();
        var (first, second) = (DepositAddress(), DepositAddress());
        var txid = await Node.SendManyAsync(new Dictionary<string, decimal> { [first] = 0.1m, [second] = 0.00012345m });

        var block = await MineAndReadAsync(node, Watching(node, first, second));

        Assert.Equal(2, block.Payments.Count);
        Assert.All(block.Payments, p => Assert.Equal(txid, p.TxId));
        Assert.Equal(Money.Parse("0.1", Currency), block.Payments.Single(p => p.Destination == first).Amount);
        Assert.Equal(Money.Parse("0.00012345", Currency), block.Payments.Single(p => p.Destination == second).Amount);
        Assert.NotEqual(block.Payments[0].Index, block.Payments[1].Index);
    }

    [RegtestFact]
    public async Task KeepsFindingPaymentsAfterMwebActivates()
    {
        var node = Connect();
        var address = DepositAddress();
        await Node.EnsureMwebActiveAsync();

        // Every block since activation carries the HogEx transaction (and, for 432, the peg-in).
        var tip = await Node.GetBlockCountAsync();
        for (var height = Math.Max(1, tip - 3); height <= tip; height++)
        {
            var hash = await node.GetBlockHashAsync(height, Token);
            Assert.Empty((await node.GetBlockAsync(hash!, Watching(node, address), Token)).Payments);
        }

        if (Node.Daemon.IsLitecoin)
        {
            // A peg-in waits in the mempool with MWEB outputs that have no script, index or value.
            await Node.SendAsync((await Node.CallAsync("getnewaddress", "", "mweb")).GetString()!, 0.5m);
        }

        var txid = await Node.SendAsync(address, 0.87654321m);
        var seen = await node.GetMempoolAsync(Watching(node, address), Token);
        Assert.Equal(txid, Assert.Single(seen.Payments).TxId);

        var block = await MineAndReadAsync(node, Watching(node, address));
        Assert.Equal(Money.Parse("0.87654321", Currency), Assert.Single(block.Payments).Amount);
    }
}
