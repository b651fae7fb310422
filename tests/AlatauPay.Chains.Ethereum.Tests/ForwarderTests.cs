using System.Numerics;
using AlatauPay.Domain.Invoices;
using AlatauPay.Testing;

namespace AlatauPay.Chains.Ethereum.Tests;

/// <summary>The contracts on a real anvil, and the C# view of their addresses.</summary>
public sealed class ForwarderTests(EvmDevnet devnet) : IClassFixture<EvmDevnet>
{
    private const string Treasury = "0x8ba1f109551bD432803012645Ac136ddd64DBA72";

    [Fact]
    public async Task OfflineAddressIsTheFactorysOwnView()
    {
        var forwarders = new ForwarderAddresses(devnet.Factory);
        Assert.Equal(forwarders.Implementation, Abi.Address(await devnet.Anvil.ReadAsync(devnet.Factory, Abi.Call("implementation()"))));
        Assert.Equal("0x" + Convert.ToHexStringLower(forwarders.InitCodeHash), await devnet.Anvil.ReadAsync(devnet.Factory, Abi.Call("cloneInitCodeHash()")));
        foreach (var treasury in new[] { Treasury, devnet.Resident })
        {
            var invoice = InvoiceId.New();
            var onChain = Abi.Address(await devnet.Anvil.ReadAsync(
                devnet.Factory, Abi.Call("computeAddress(bytes32,address)", ForwarderAddresses.InvoiceKey(invoice), treasury)));
            Assert.Equal(onChain, forwarders.AddressOf(invoice, Checksum(treasury)));
        }
    }

    [Fact]
    public async Task DeploymentLandsOnTheComputedAddressAndBindsTheTreasury()
    {
        var invoice = InvoiceId.New();
        var forwarder = new ForwarderAddresses(devnet.Factory).AddressOf(invoice, Treasury);
        await devnet.Anvil.SendAsync(devnet.Resident, devnet.Factory, 0, Abi.Call("deploy(bytes32,address)", ForwarderAddresses.InvoiceKey(invoice), Treasury));

        Assert.Equal(Treasury, Abi.Address(await devnet.Anvil.ReadAsync(forwarder, Abi.Call("treasury()"))));
        var again = await devnet.Anvil.SendAsync(devnet.Resident, devnet.Factory, 0, Abi.Call("deploy(bytes32,address)", ForwarderAddresses.InvoiceKey(invoice), Treasury));
        Assert.Equal("0x1", again.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AcceptsEtherSentWithOnlyTheStipendBeforeAndAfterDeployment()
    {
        var invoice = InvoiceId.New();
        var forwarder = new ForwarderAddresses(devnet.Factory).AddressOf(invoice, Treasury);
        await devnet.Anvil.SendAsync(devnet.Deployer, devnet.Payer, 0, Abi.Call("payWithStipend(address,uint256)", forwarder, 1000));
        await devnet.Anvil.SendAsync(devnet.Resident, devnet.Factory, 0, Abi.Call("deploy(bytes32,address)", ForwarderAddresses.InvoiceKey(invoice), Treasury));
        await devnet.Anvil.SendAsync(devnet.Deployer, devnet.Payer, 0, Abi.Call("payWithStipend(address,uint256)", forwarder, 2000));

        Assert.Equal(3000, await devnet.Anvil.BalanceAsync(forwarder));
    }

    [Fact]
    public async Task AnyoneFlushesEtherAndBothTokenShapesToTheTreasuryOnly()
    {
        var treasury = Checksum("0x" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)));
        var invoice = InvoiceId.New();
        var forwarder = new ForwarderAddresses(devnet.Factory).AddressOf(invoice, treasury);
        await devnet.Anvil.SendAsync(devnet.Resident, forwarder, EvmDevnet.Ether(1));
        await devnet.TransferTokenAsync(devnet.Usdt, forwarder, 5_000_000);
        await devnet.TransferTokenAsync(devnet.Usdc, forwarder, 7_000_000);

        var stranger = devnet.Anvil.Accounts[7];
        var flush = Abi.Call("deployAndFlush(bytes32,address,address[])", ForwarderAddresses.InvoiceKey(invoice), treasury, new[] { devnet.Usdt, devnet.Usdc });
        await devnet.Anvil.SendAsync(stranger, devnet.Factory, 0, flush);

        Assert.Equal(EvmDevnet.Ether(1), await devnet.Anvil.BalanceAsync(treasury));
        Assert.Equal(5_000_000, await devnet.TokenBalanceAsync(devnet.Usdt, treasury));
        Assert.Equal(7_000_000, await devnet.TokenBalanceAsync(devnet.Usdc, treasury));
        Assert.Equal(BigInteger.Zero, await devnet.Anvil.BalanceAsync(forwarder));

        await devnet.Anvil.SendAsync(stranger, devnet.Factory, 0, flush);
        Assert.Equal(EvmDevnet.Ether(1), await devnet.Anvil.BalanceAsync(treasury));
    }

    [Fact]
    public async Task OnlyTheFactoryBindsATreasury()
    {
        var invoice = InvoiceId.New();
        var forwarder = new ForwarderAddresses(devnet.Factory).AddressOf(invoice, Treasury);
        await devnet.Anvil.SendAsync(devnet.Resident, devnet.Factory, 0, Abi.Call("deploy(bytes32,address)", ForwarderAddresses.InvoiceKey(invoice), Treasury));

        var rebind = await devnet.Anvil.SendAsync(devnet.Resident, forwarder, 0, Abi.Call("bind(address)", devnet.Resident), expectSuccess: false);

        Assert.Equal("0x0", rebind.GetProperty("status").GetString());
        Assert.Equal(Treasury, Abi.Address(await devnet.Anvil.ReadAsync(forwarder, Abi.Call("treasury()"))));
    }

    private static string Checksum(string address) => Nethereum.Util.AddressUtil.Current.ConvertToChecksumAddress(address);
}
