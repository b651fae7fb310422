using System.Text.Json.Nodes;
using AlatauPay.Testing;

namespace AlatauPay.EndToEnd.Tests;

/// <summary>
/// A department's own confirmation rule for its ETH wallet, on a real anvil. anvil (32 slots an epoch) calls
/// the block two epochs below its tip finalized, so finality is a depth of 65 there.
/// </summary>
public sealed class EthereumConfirmations(EthereumGateway gateway) : IClassFixture<EthereumGateway>
{
    private AnvilNode Anvil => gateway.Devnet.Anvil;

    [Fact]
    public async Task ADepartmentsOwnDepthReplacesItsSpeedPolicy()
    {
        await gateway.CreateDepartmentAsync("three-blocks", "0x71C7656EC7ab88b098defB751B7401B5f6d8976F", JsonValue.Create(3));
        var bill = await gateway.CreateInvoiceAsync("ETH", speedPolicy: "low", department: "three-blocks");

        await Anvil.SendAsync(gateway.Devnet.Resident, bill.Address, bill.Due);
        await Anvil.MineAsync(1);
        await gateway.WaitForTipAsync();
        Assert.Equal("processing", await StatusAsync(bill));
        await Anvil.MineAsync(1);

        await gateway.Client.WaitForStatusAsync(bill.Id, "settled");
        Assert.Equal([$"settle:{bill.Id}"], await gateway.EntryKeysAsync(bill.Id));
    }

    [Fact]
    public async Task FinalizedSettlesWhenThePaymentsBlockIsAtOrBelowTheNodesFinalizedBlock()
    {
        await gateway.CreateDepartmentAsync("finality", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", JsonValue.Create("finalized"));
        var bill = await gateway.CreateInvoiceAsync("ETH", speedPolicy: "high", department: "finality");

        var paidIn = AnvilNode.Quantity((await Anvil.SendAsync(gateway.Devnet.Resident, bill.Address, bill.Due)).GetProperty("blockNumber"));
        await Anvil.MineAsync(63);
        await gateway.WaitForTipAsync();
        Assert.True(await FinalizedAsync() < paidIn);
        Assert.Equal("processing", await StatusAsync(bill));

        await Anvil.MineAsync(1);
        Assert.Equal(paidIn, await FinalizedAsync());

        await gateway.Client.WaitForStatusAsync(bill.Id, "settled");
        Assert.Equal([$"settle:{bill.Id}"], await gateway.EntryKeysAsync(bill.Id));
    }

    private async Task<System.Numerics.BigInteger> FinalizedAsync() =>
        AnvilNode.Quantity((await Anvil.CallAsync("eth_getBlockByNumber", "finalized", false)).GetProperty("number"));

    private async Task<string> StatusAsync(EvmBill bill) => (await gateway.Client.GetInvoiceAsync(bill.Id))["status"]!.GetValue<string>();
}
