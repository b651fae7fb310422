using System.Globalization;
using System.Numerics;
using AlatauPay.Cli;
using AlatauPay.Testing;

namespace AlatauPay.EndToEnd.Tests;

/// <summary><c>alatau evm sweep</c> against the gateway's store and a real anvil.</summary>
public sealed class EthereumSweepTests(EthereumGateway gateway) : IClassFixture<EthereumGateway>
{
    // anvil's first development account, which deployed the contracts; public knowledge, used only on the devnet.
    private const string OperatorKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

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
        Assert.DoesNotContain(OperatorKey, output, StringComparison.OrdinalIgnoreCase);
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

    private async Task<(int Code, string Output)> SweepAsync()
    {
        var keyFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(keyFile, "0x" + OperatorKey + "\n");
            return await RunAsync(["--key-file", keyFile]);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    private async Task<(int Code, string Output)> RunAsync(string[] extra)
    {
        using var output = new StringWriter();
        var code = await AlatauCli.RunAsync(
            [
                "evm", "sweep",
                "--storage", gateway.StorageConnectionString,
                "--rpc", Devnet.Anvil.Url.ToString(),
                "--chain-id", AnvilNode.ChainId.ToString(CultureInfo.InvariantCulture),
                "--factory", Devnet.Factory,
                "--usdt", Devnet.Usdt,
                "--usdc", Devnet.Usdc,
                .. extra,
            ],
            output,
            output,
            CancellationToken.None);
        return (code, output.ToString());
    }

    private async Task<(BigInteger Ether, BigInteger Usdt, BigInteger Usdc)> TreasuryBalancesAsync() =>
        (await Devnet.Anvil.BalanceAsync(EthereumGateway.Treasury),
            await Devnet.TokenBalanceAsync(Devnet.Usdt, EthereumGateway.Treasury),
            await Devnet.TokenBalanceAsync(Devnet.Usdc, EthereumGateway.Treasury));
}
