using System.Text.Json;
using System.Text.Json.Nodes;
using AlatauPay.Application.Chains;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using AlatauPay.Testing;

namespace AlatauPay.Chains.Ethereum.Tests;

/// <summary>What the node adapter finds in real anvil blocks.</summary>
public sealed class EvmNodeTests(EvmDevnet devnet) : IClassFixture<EvmDevnet>
{
    [Fact]
    public async Task StatusNamesTheChainAndItsTip()
    {
        using var node = new EvmNode(devnet.Options());
        var status = await node.GetStatusAsync(CancellationToken.None);

        Assert.Equal("31337", status.Network);
        Assert.Equal(await devnet.Anvil.BlockNumberAsync(), status.TipHeight);
        Assert.Equal(status.TipHash, await node.GetBlockHashAsync(status.TipHeight, CancellationToken.None));
    }

    [Fact]
    public async Task NodeOnAnotherChainStopsStartUpNamingBoth()
    {
        using var node = new EvmNode(devnet.Options(chainId: 1));
        var refused = await Assert.ThrowsAsync<ChainConfigurationException>(() => node.GetStatusAsync(CancellationToken.None));

        Assert.Contains("AlatauPay:Chains:ETH:ChainId is 1", refused.Message, StringComparison.Ordinal);
        Assert.Contains("chain 31337", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindsEtherFromAnExternallyOwnedAccount()
    {
        var (address, watched) = NewDeposit();
        var receipt = await devnet.Anvil.SendAsync(devnet.Resident, address, 12345);

        var payment = Assert.Single(await PaymentsInAsync(receipt, watched));
        Assert.Equal(new ObservedPayment(receipt.GetProperty("transactionHash").GetString()!, EvmBlockScanner.TraceIndexBase, Currency.ETH, address, new Money(Currency.ETH, 12345)), payment);
    }

    [Fact]
    public async Task FindsEtherSentByAContractAsAnInternalTransfer()
    {
        var (address, watched) = NewDeposit();
        var call = await devnet.Anvil.SendAsync(devnet.Resident, devnet.Payer, 0, Abi.Call("pay(address,uint256)", address, 777));
        var stipend = await devnet.Anvil.SendAsync(devnet.Resident, devnet.Payer, 0, Abi.Call("payWithStipend(address,uint256)", address, 888));

        var first = Assert.Single(await PaymentsInAsync(call, watched));
        var second = Assert.Single(await PaymentsInAsync(stipend, watched));
        Assert.Equal(new Money(Currency.ETH, 777), first.Amount);
        Assert.Equal(EvmBlockScanner.TraceIndexBase + 1, first.Index);
        Assert.Equal(new Money(Currency.ETH, 888), second.Amount);
    }

    [Fact]
    public async Task FailedTransactionIsNeverCredited()
    {
        var (address, watched) = NewDeposit();
        var receipt = await devnet.Anvil.SendAsync(devnet.Resident, devnet.Payer, 0, Abi.Call("payAndRevert(address,uint256)", address, 999), expectSuccess: false);

        Assert.Equal("0x0", receipt.GetProperty("status").GetString());
        Assert.Empty(await PaymentsInAsync(receipt, watched));
    }

    [Fact]
    public async Task FindsBothTokenShapesByTheirTransferLogs()
    {
        var (address, watched) = NewDeposit();
        var usdt = await Transfer(devnet.Usdt, address, 5_250_000);
        var usdc = await Transfer(devnet.Usdc, address, 1_000_000);

        var tether = Assert.Single(await PaymentsInAsync(usdt, watched));
        var circle = Assert.Single(await PaymentsInAsync(usdc, watched));
        Assert.Equal((Currency.USDT, "5.250000", address), (tether.Method, tether.Amount.ToDecimalString(), tether.Destination));
        Assert.Equal((int)AlatauPay.Testing.AnvilNode.Quantity(usdt.GetProperty("logs")[0].GetProperty("logIndex")), tether.Index);
        Assert.Equal((Currency.USDC, "1.000000"), (circle.Method, circle.Amount.ToDecimalString()));
    }

    [Fact]
    public async Task IgnoresUnknownTokensAndUnwatchedRecipients()
    {
        var (address, watched) = NewDeposit();
        var (other, _) = NewDeposit();
        var unknown = await Transfer(devnet.UnknownToken, address, 1_000_000);
        var elsewhere = await Transfer(devnet.Usdt, other, 1_000_000);
        var ether = await devnet.Anvil.SendAsync(devnet.Resident, other, 1);

        Assert.Empty(await PaymentsInAsync(unknown, watched));
        Assert.Empty(await PaymentsInAsync(elsewhere, watched));
        Assert.Empty(await PaymentsInAsync(ether, watched));
    }

    [Fact]
    public async Task BlockCarriesItsParentAndAReorgChangesTheHash()
    {
        using var node = new EvmNode(devnet.Options());
        var (address, watched) = NewDeposit();
        var snapshot = await devnet.Anvil.SnapshotAsync();
        var paid = await devnet.Anvil.SendAsync(devnet.Resident, address, 5);
        var height = (long)AlatauPay.Testing.AnvilNode.Quantity(paid.GetProperty("blockNumber"));
        var before = await node.GetBlockAsync((await node.GetBlockHashAsync(height, CancellationToken.None))!, watched, CancellationToken.None);
        Assert.Equal(await node.GetBlockHashAsync(height - 1, CancellationToken.None), before.ParentHash);

        await devnet.Anvil.RevertAsync(snapshot);
        await devnet.Anvil.MineAsync(2);
        var replacement = await node.GetBlockHashAsync(height, CancellationToken.None);
        var after = await node.GetBlockAsync(replacement!, watched, CancellationToken.None);

        Assert.NotEqual(before.Hash, after.Hash);
        Assert.Single(before.Payments);
        Assert.Empty(after.Payments);
    }

    [Fact]
    public async Task MempoolIsEmpty()
    {
        using var node = new EvmNode(devnet.Options());
        var mempool = await node.GetMempoolAsync(new ScriptWatchList(), CancellationToken.None);

        Assert.Empty(mempool.Payments);
        Assert.Empty(mempool.TxIds);
    }

    [Fact]
    public async Task APaymentAReorgTookAwayIsHeldWhilePendingAndGoneOnceTheNodeForgetsIt()
    {
        // Found by review: Ethereum's mempool read was always empty, so after any reorg the watcher's next poll
        // declared the disconnected payments gone and reversed their settlements, though a node puts such a
        // transaction back in its pool and mines it again.
        using var node = new EvmNode(devnet.Options());
        var (address, watched) = NewDeposit();
        var mined = (await devnet.Anvil.SendAsync(devnet.Resident, address, 5)).GetProperty("transactionHash").GetString()!;
        const string forgotten = "0x1111111111111111111111111111111111111111111111111111111111111111";
        await devnet.Anvil.CallAsync("evm_setAutomine", false);
        try
        {
            var pending = (await devnet.Anvil.CallAsync(
                "eth_sendTransaction",
                new JsonObject { ["from"] = devnet.Resident, ["to"] = address, ["value"] = "0x7" })).GetString()!;

            var view = await node.GetMempoolAsync(watched, [pending, mined, forgotten], CancellationToken.None);

            Assert.Equal([pending], view.TxIds);
            Assert.Empty(view.Payments);
            Assert.Empty((await node.GetMempoolAsync(watched, [], CancellationToken.None)).TxIds);
        }
        finally
        {
            await devnet.Anvil.CallAsync("evm_setAutomine", true);
            await devnet.Anvil.MineAsync();
        }
    }

    private (string Address, ScriptWatchList Watched) NewDeposit()
    {
        var address = new ForwarderAddresses(devnet.Factory).AddressOf(InvoiceId.New(), devnet.Anvil.Accounts[9] is var t ? Checksum(t) : "");
        var watched = new ScriptWatchList();
        using var node = new EvmNode(devnet.Options());
        watched.Add(node.WatchKey(Currency.ETH, address));
        return (address, watched);
    }

    private Task<JsonElement> Transfer(string token, string to, long amount) =>
        devnet.Anvil.SendAsync(devnet.Resident, token, 0, Abi.Call("transfer(address,uint256)", to, amount));

    private async Task<IReadOnlyList<ObservedPayment>> PaymentsInAsync(JsonElement receipt, IWatchList watched)
    {
        using var node = new EvmNode(devnet.Options());
        var block = await node.GetBlockAsync(receipt.GetProperty("blockHash").GetString()!, watched, CancellationToken.None);
        return block.Payments;
    }

    private static string Checksum(string address) => Nethereum.Util.AddressUtil.Current.ConvertToChecksumAddress(address);
}
