using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using AlatauPay.Testing;

namespace AlatauPay.EndToEnd.Tests;

/// <summary>The gateway told not to ask anvil for call traces (<c>…:Rpc:Tracing=off</c>), as with a node that serves none.</summary>
public sealed class UntracedEthereumGateway : EthereumGateway
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["AlatauPay:Chains:ETH:Rpc:Tracing"] = "off";
    }
}

/// <summary>ETH found without call traces: top-level transactions, and a balance check for what contracts send.</summary>
public sealed class EthereumUntracedPayments(UntracedEthereumGateway gateway) : IClassFixture<UntracedEthereumGateway>
{
    private const int TopLevelIndex = 1_000_000;
    private const int BalanceIndex = 2_000_000;

    private EvmDevnet Devnet => gateway.Devnet;

    private AnvilNode Anvil => gateway.Devnet.Anvil;

    [Fact]
    public async Task EtherFromAnAccountAndFromAContractAreBothFoundAndSettleOnce()
    {
        var direct = await gateway.CreateInvoiceAsync("ETH", speedPolicy: "high");
        var internalTransfer = await gateway.CreateInvoiceAsync("ETH", speedPolicy: "high");

        await Anvil.SendAsync(Devnet.Resident, direct.Address, direct.Due);
        await Anvil.SendAsync(Devnet.Resident, Devnet.Payer, 0, Abi.Call("pay(address,uint256)", internalTransfer.Address, internalTransfer.Due));

        await gateway.Client.WaitForStatusAsync(direct.Id, "settled");
        await gateway.Client.WaitForStatusAsync(internalTransfer.Id, "settled");
        await Anvil.MineAsync(3);
        await gateway.WaitForTipAsync();
        await AssertPaidOnceAsync(direct, TopLevelIndex);
        await AssertPaidOnceAsync(internalTransfer, BalanceIndex);
    }

    [Fact]
    public async Task ADirectAndAnInternalPaymentInOneBlockAreCountedEachOnce()
    {
        var bill = await gateway.CreateInvoiceAsync("ETH", speedPolicy: "high");
        var half = bill.Due / 2;
        await Anvil.CallAsync("evm_setAutomine", false);
        try
        {
            await SendUnminedAsync(Devnet.Resident, bill.Address, half, "0x");
            await SendUnminedAsync(Devnet.Resident, Devnet.Payer, 0, Abi.Call("pay(address,uint256)", bill.Address, bill.Due - half));
            await Anvil.MineAsync(1);
        }
        finally
        {
            await Anvil.CallAsync("evm_setAutomine", true);
        }

        await gateway.Client.WaitForStatusAsync(bill.Id, "settled");
        var payments = await gateway.PaymentsAsync(bill.Id);
        Assert.Equal(2, payments.Count);
        Assert.Equal(
            [(TopLevelIndex, half), (BalanceIndex, bill.Due - half)],
            payments.Select(p => (p.Index, Wei(p))).Order());
        Assert.Equal([$"settle:{bill.Id}"], await gateway.EntryKeysAsync(bill.Id));
    }

    [Fact]
    public async Task ARestartFindsTheSameInternalPaymentUnderTheSameKey()
    {
        var bill = await gateway.CreateInvoiceAsync("ETH");
        await Anvil.SendAsync(Devnet.Resident, Devnet.Payer, 0, Abi.Call("pay(address,uint256)", bill.Address, bill.Due));
        await gateway.Client.WaitForStatusAsync(bill.Id, "processing");
        var before = Assert.Single(await gateway.PaymentsAsync(bill.Id));

        await gateway.StopGatewayAsync();
        await gateway.StartGatewayAsync();
        // A rescan is asked of a running watcher; the restarted one runs once it has connected the tip.
        await gateway.WaitForTipAsync();
        var response = await gateway.Client.PostAsync("/v1/chains/ETH/rescan", new StringContent(
            new JsonObject { ["fromHeight"] = await Anvil.BlockNumberAsync() - 1 }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await Anvil.MineAsync(11);

        await gateway.Client.WaitForStatusAsync(bill.Id, "settled");
        var after = Assert.Single(await gateway.PaymentsAsync(bill.Id));
        Assert.Equal((before.TxId, before.Index), (after.TxId, after.Index));
        Assert.Equal([$"settle:{bill.Id}"], await gateway.EntryKeysAsync(bill.Id));
    }

    private async Task AssertPaidOnceAsync(EvmBill bill, int index)
    {
        var payment = Assert.Single(await gateway.PaymentsAsync(bill.Id));
        Assert.Equal((index, bill.Due), (payment.Index, Wei(payment)));
        Assert.Equal([$"settle:{bill.Id}"], await gateway.EntryKeysAsync(bill.Id));
    }

    private async Task SendUnminedAsync(string from, string to, BigInteger value, string data) =>
        await Anvil.CallAsync("eth_sendTransaction", new JsonObject
        {
            ["from"] = from,
            ["to"] = to,
            ["value"] = AnvilNode.Hex(value),
            ["data"] = data,
            ["gas"] = AnvilNode.Hex(3_000_000),
        });

    private static BigInteger Wei(Domain.Invoices.PaymentObservation payment) =>
        BigInteger.Parse(payment.Amount.MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
