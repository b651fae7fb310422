using System.Numerics;
using AlatauPay.Cli;
using AlatauPay.Testing;

namespace AlatauPay.EndToEnd.Tests;

/// <summary><c>alatau evm sweep</c> against the gateway's store and a real anvil.</summary>
public sealed class EthereumSweepTests(EthereumGateway gateway) : IClassFixture<EthereumGateway>
{
    private EvmDevnet Devnet => gateway.Devnet;

    [Fact]
    public async Task SweepMovesEtherAndBothTokensToTheTreasuryAndASecondSweepMovesNothing()
    {
        var ether = await gateway.CreateInvoiceAsync("ETH", speedPolicy: "high");
        var tether = await gateway.CreateInvoiceAsync("USDT", speedPolicy: "high");
        var circle = await gateway.CreateInvoiceAsync("USDC", speedPolicy: "high");
        await Devnet.Anvil.SendAsync(Devnet.Resident, ether.Address, ether.Due);
        await Devnet.TransferTokenAsync(Devnet.Usdt, tether.Address, tether.Due);
        await Devnet.TransferTokenAsync(Devnet.Usdc, circle.Address, circle.Due);
        foreach (var bill in new[] { ether, tether, circle })
        {
            await gateway.Client.WaitForStatusAsync(bill.Id, "settled");
        }

        var before = await TreasuryBalancesAsync();
        var (code, output) = await SweepAsync();

        Assert.True(code == 0, output);
        var after = await TreasuryBalancesAsync();
        Assert.Equal(before.Ether + ether.Due, after.Ether);
        Assert.Equal(before.Usdt + tether.Due, after.Usdt);
        Assert.Equal(before.Usdc + circle.Due, after.Usdc);
        Assert.Contains(ether.Id, output, StringComparison.Ordinal);
        Assert.Contains("swept 3 of 3", output, StringComparison.Ordinal);
        Assert.DoesNotContain(SweepCli.OperatorKey, output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(BigInteger.Zero, await Devnet.Anvil.BalanceAsync(ether.Address));

        var (again, secondOutput) = await SweepAsync();

        Assert.True(again == 0, secondOutput);
        Assert.Contains("swept 0 of 3", secondOutput, StringComparison.Ordinal);
        Assert.Contains("moved nothing", secondOutput, StringComparison.Ordinal);
        Assert.Equal(after, await TreasuryBalancesAsync());
    }

    [Fact]
    public async Task SweepWithoutAnOperatorKeyRefusesToRun()
    {
        var (code, output) = await RunAsync([]);

        Assert.Equal(AlatauCli.CouldNotRun, code);
        Assert.Contains("--key-file", output, StringComparison.Ordinal);
    }

    private Task<(int Code, string Output)> SweepAsync() => SweepCli.SweepAsync(gateway);

    private Task<(int Code, string Output)> RunAsync(string[] extra) => SweepCli.RunAsync(gateway, Devnet.Anvil.Url, extra);

    private async Task<(BigInteger Ether, BigInteger Usdt, BigInteger Usdc)> TreasuryBalancesAsync() =>
        (await Devnet.Anvil.BalanceAsync(EthereumGateway.Treasury),
            await Devnet.TokenBalanceAsync(Devnet.Usdt, EthereumGateway.Treasury),
            await Devnet.TokenBalanceAsync(Devnet.Usdc, EthereumGateway.Treasury));
}
