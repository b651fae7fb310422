using System.Globalization;
using System.Numerics;
using AlatauPay.Testing;

namespace AlatauPay.EndToEnd.Tests;

/// <summary>
/// The gateway stopped and started again while a resident keeps paying and blocks keep coming: every payment
/// mined before, during and after the restart settles its invoice exactly once.
/// </summary>
public sealed class EthereumRestartWhileMining(EthereumGateway gateway) : IClassFixture<EthereumGateway>
{
    private const int Bills = 9;

    private EvmDevnet Devnet => gateway.Devnet;

    private AnvilNode Anvil => gateway.Devnet.Anvil;

    [Fact]
    public async Task PaymentsMinedWhileTheGatewayRestartsSettleExactlyOnce()
    {
        var methods = new[] { "ETH", "ETH", "USDT" };
        var bills = new List<EvmBill>();
        for (var i = 0; i < Bills; i++)
        {
            bills.Add(await gateway.CreateInvoiceAsync(methods[i % methods.Length], speedPolicy: "high"));
        }

        // The resident pays one bill a block, as fast as anvil takes it, while the test hands out how many
        // bills each phase may pay: some while the gateway stops, some while it is down, the rest while it starts.
        var paid = 0;
        using var allowance = new SemaphoreSlim(0);
        using var miner = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var mining = Task.Run(
            async () =>
            {
                for (var i = 0; i < bills.Count; i++)
                {
                    await allowance.WaitAsync(miner.Token);
                    await PayAsync(bills[i], contract: i % 3 == 1);
                    await Anvil.MineAsync(1);
                    Interlocked.Increment(ref paid);
                }
            },
            miner.Token);

        allowance.Release(3);
        await Wait.UntilAsync(() => Volatile.Read(ref paid) >= 1, "the first payment mined", TimeSpan.FromSeconds(60));
        await gateway.StopGatewayAsync();
        allowance.Release(3);
        await Wait.UntilAsync(() => Volatile.Read(ref paid) >= 5, "five payments mined", TimeSpan.FromSeconds(60));
        allowance.Release(Bills - 6);
        await gateway.StartGatewayAsync();
        await mining;

        foreach (var bill in bills)
        {
            await gateway.Client.WaitForStatusAsync(bill.Id, "settled", seconds: 60);
        }

        await Anvil.MineAsync(2);
        await gateway.WaitForTipAsync();
        foreach (var bill in bills)
        {
            var payment = Assert.Single(await gateway.PaymentsAsync(bill.Id));
            Assert.Equal(bill.Due.ToString(CultureInfo.InvariantCulture), payment.Amount.MinorUnits.ToString(CultureInfo.InvariantCulture));
            Assert.Equal([$"settle:{bill.Id}"], await gateway.EntryKeysAsync(bill.Id));
        }
    }

    private async Task PayAsync(EvmBill bill, bool contract)
    {
        if (bill.Scale == 6)
        {
            await Devnet.TransferTokenAsync(Devnet.Usdt, bill.Address, bill.Due);
        }
        else if (contract)
        {
            await Anvil.SendAsync(Devnet.Resident, Devnet.Payer, BigInteger.Zero, Abi.Call("pay(address,uint256)", bill.Address, bill.Due));
        }
        else
        {
            await Anvil.SendAsync(Devnet.Resident, bill.Address, bill.Due);
        }
    }

}
