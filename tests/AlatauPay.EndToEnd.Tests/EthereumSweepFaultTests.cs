using AlatauPay.Cli;
using AlatauPay.Testing;

namespace AlatauPay.EndToEnd.Tests;

/// <summary>
/// <c>alatau evm sweep</c> when the node stops answering. Seen in a fresh-clone run on a loaded machine: one call to
/// anvil ran past Nethereum's 20 s timeout and the command died with an unhandled exception and its stack trace.
/// A class of its own, so its unswept invoice stays out of the other sweep tests' counts.
/// </summary>
public sealed class EthereumSweepFaultTests(EthereumGateway gateway) : IClassFixture<EthereumGateway>
{
    [Fact]
    public async Task ANodeThatStopsAnsweringStopsTheSweepWithAReasonNotAStackTrace()
    {
        var ether = await gateway.CreateInvoiceAsync("ETH", speedPolicy: "high");
        await gateway.Devnet.Anvil.SendAsync(gateway.Devnet.Resident, ether.Address, ether.Due);
        await gateway.Client.WaitForStatusAsync(ether.Id, "settled");
        await using var hanging = RpcFaultProxy.Start(gateway.Devnet.Anvil.Url);
        hanging.Fault = RpcFault.Hang;

        // Nethereum gives up on a call after 20 s.
        var (code, output) = await SweepCli.SweepAsync(gateway, hanging.Url);

        Assert.True(code == AlatauCli.NotVerified, output);
        Assert.Contains("sweep stopped", output, StringComparison.Ordinal);
        Assert.Contains("timeout", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
