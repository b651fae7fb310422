using System.Security.Cryptography;
using System.Text.Json;
using AlatauPay.Application.Chains;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using AlatauPay.Testing;

namespace AlatauPay.Chains.Ethereum.Tests;

/// <summary>
/// The node adapter on a real anvil told not to use call traces (<see cref="EvmTracing.Off"/>): top-level
/// transactions plus a batched balance check; and what it reads of the node's finalized block.
/// </summary>
public sealed class UntracedNodeTests(EvmDevnet devnet) : IClassFixture<EvmDevnet>
{
    [Fact]
    public async Task EtherFromAContractIsFoundByTheRiseOfTheAddresssBalance()
    {
        var (address, watched) = NewDeposit();
        var call = await devnet.Anvil.SendAsync(devnet.Resident, devnet.Payer, 0, Abi.Call("pay(address,uint256)", address, 777));
        var stipend = await devnet.Anvil.SendAsync(devnet.Resident, devnet.Payer, 0, Abi.Call("payWithStipend(address,uint256)", address, 888));

        var first = Assert.Single(await PaymentsInAsync(call, watched));
        var second = Assert.Single(await PaymentsInAsync(stipend, watched));

        var blockHash = call.GetProperty("blockHash").GetString()!;
        Assert.Equal(
            new ObservedPayment(EvmBalanceCheck.SyntheticId(blockHash, EthereumAddress.Key(address)), EvmBalanceCheck.Index, Currency.ETH, address, new Money(Currency.ETH, 777)),
            first);
        Assert.Equal(new Money(Currency.ETH, 888), second.Amount);
        Assert.NotEqual(first.TxId, second.TxId);
    }

    [Fact]
    public async Task EtherFromAnAccountKeepsTheKeyTheTracedPathGivesIt()
    {
        var (address, watched) = NewDeposit();
        var receipt = await devnet.Anvil.SendAsync(devnet.Resident, address, 12345);

        var payment = Assert.Single(await PaymentsInAsync(receipt, watched));

        Assert.Equal((receipt.GetProperty("transactionHash").GetString(), EvmBlockScanner.TraceIndexBase, 12345L), (payment.TxId, payment.Index, (long)payment.Amount.MinorUnits));
    }

    [Fact]
    public async Task AFailedTransactionMovesNoBalanceAndIsNeverCredited()
    {
        var (address, watched) = NewDeposit();
        var receipt = await devnet.Anvil.SendAsync(devnet.Resident, devnet.Payer, 0, Abi.Call("payAndRevert(address,uint256)", address, 999), expectSuccess: false);

        Assert.Empty(await PaymentsInAsync(receipt, watched));
    }

    [Fact]
    public async Task TheBalanceCheckOfManyAddressesGoesOutInBatches()
    {
        var (address, watched) = NewDeposit();
        for (var i = 0; i < 1000; i++)
        {
            watched.Add(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)));
        }

        var receipt = await devnet.Anvil.SendAsync(devnet.Resident, devnet.Payer, 0, Abi.Call("pay(address,uint256)", address, 5));
        using var node = new EvmNode(devnet.Options(tracing: EvmTracing.Off));
        var block = await node.GetBlockAsync(receipt.GetProperty("blockHash").GetString()!, watched, CancellationToken.None);

        Assert.Equal(new Money(Currency.ETH, 5), Assert.Single(block.Payments).Amount);
        var calls = 3 + (2 * watched.Count);
        Assert.Equal(1 + ((calls + EvmBalanceCheck.CallsPerBatch - 1) / EvmBalanceCheck.CallsPerBatch), node.RoundTrips);
    }

    [Fact]
    public async Task StatusTellsHowDeepTheNodesFinalizedBlockIs()
    {
        var finality = new EvmFinality();
        using var node = new EvmNode(devnet.Options(), finality: finality);

        var status = await node.GetStatusAsync(CancellationToken.None);

        var finalized = (long)AnvilNode.Quantity((await devnet.Anvil.CallAsync("eth_getBlockByNumber", "finalized", false)).GetProperty("number"));
        Assert.Equal((int)(status.TipHeight - finalized + 1), finality.RequiredDepth);
        Assert.True(finality.Supported);
    }

    private (string Address, ScriptWatchList Watched) NewDeposit()
    {
        var treasury = Nethereum.Util.AddressUtil.Current.ConvertToChecksumAddress(devnet.Anvil.Accounts[9]);
        var address = new ForwarderAddresses(devnet.Factory).AddressOf(InvoiceId.New(), treasury);
        var watched = new ScriptWatchList();
        watched.Add(EthereumAddress.Key(address));
        return (address, watched);
    }

    private async Task<IReadOnlyList<ObservedPayment>> PaymentsInAsync(JsonElement receipt, IWatchList watched)
    {
        using var node = new EvmNode(devnet.Options(tracing: EvmTracing.Off));
        var block = await node.GetBlockAsync(receipt.GetProperty("blockHash").GetString()!, watched, CancellationToken.None);
        return block.Payments;
    }
}
