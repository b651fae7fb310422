using System.Numerics;

namespace AlatauPay.Testing;

/// <summary>
/// One anvil per test class with the contracts deployed: the forwarder factory, a standard 6-decimal token
/// configured as USDC, a USDT-like token (transfer returns nothing) configured as USDT, a third token the
/// gateway does not know, and a contract wallet that pays ETH by internal transfer.
/// </summary>
public sealed class EvmDevnet : IAsyncLifetime
{
    private readonly string[] anvilArguments;
    private AnvilNode? anvil;

    public EvmDevnet()
        : this([])
    {
    }

    // xUnit builds class fixtures through their one public constructor, so the variant is a factory.
    private EvmDevnet(string[] anvilArguments) => this.anvilArguments = anvilArguments;

    /// <summary>A devnet whose anvil takes further arguments, such as <c>--state</c> for a chain that survives restarts.</summary>
    public static EvmDevnet WithAnvilArguments(params string[] anvilArguments) => new(anvilArguments);

    public AnvilNode Anvil => anvil ?? throw new InvalidOperationException("The devnet has not started.");

    public string Deployer => Anvil.Accounts[0];

    public string Resident => Anvil.Accounts[1];

    public string Factory { get; private set; } = "";

    public string Usdt { get; private set; } = "";

    public string Usdc { get; private set; } = "";

    public string UnknownToken { get; private set; } = "";

    public string Payer { get; private set; } = "";

    /// <summary>Gateway settings that point the ETH chain at this devnet, with the two test tokens as USDT and USDC.</summary>
    public IReadOnlyDictionary<string, string?> Configuration => new Dictionary<string, string?>
    {
        ["AlatauPay:Chains:ETH:ChainId"] = AnvilNode.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["AlatauPay:Chains:ETH:ForwarderFactory"] = Factory,
        ["AlatauPay:Chains:ETH:Rpc:Url"] = Anvil.Url.ToString(),
        ["AlatauPay:Chains:ETH:Tokens:USDT:Contract"] = Usdt,
        ["AlatauPay:Chains:ETH:Tokens:USDC:Contract"] = Usdc,
    };

    public async Task InitializeAsync()
    {
        anvil = await AnvilNode.StartAsync(anvilArguments);
        Factory = Checksum(await Anvil.DeployAsync(Deployer, EvmArtifacts.Bytecode("ForwarderFactory")));
        Usdt = Checksum(await Anvil.DeployAsync(Deployer, EvmArtifacts.Bytecode("TestTetherToken")));
        Usdc = Checksum(await Anvil.DeployAsync(Deployer, EvmArtifacts.Bytecode("TestStablecoin") + Abi.Encode("Test USD Coin", "USDC")));
        UnknownToken = Checksum(await Anvil.DeployAsync(Deployer, EvmArtifacts.Bytecode("TestStablecoin") + Abi.Encode("Unknown", "UNK")));
        Payer = Checksum(await Anvil.DeployAsync(Deployer, EvmArtifacts.Bytecode("TestPayer")));
        await Anvil.SendAsync(Deployer, Payer, Ether(100));
        foreach (var token in new[] { Usdt, Usdc, UnknownToken })
        {
            await Anvil.SendAsync(Deployer, token, 0, Abi.Call("mint(address,uint256)", Resident, new BigInteger(1_000_000_000_000)));
        }
    }

    public async Task DisposeAsync()
    {
        if (anvil is not null)
        {
            await anvil.DisposeAsync();
        }
    }

    public static BigInteger Ether(int whole) => BigInteger.Pow(10, 18) * whole;

    public async Task<BigInteger> TokenBalanceAsync(string token, string owner) =>
        Abi.Number(await Anvil.ReadAsync(token, Abi.Call("balanceOf(address)", owner)));

    public Task TransferTokenAsync(string token, string to, BigInteger amount, string? from = null) =>
        Anvil.SendAsync(from ?? Resident, token, 0, Abi.Call("transfer(address,uint256)", to, amount));

    private static string Checksum(string address) => Nethereum.Util.AddressUtil.Current.ConvertToChecksumAddress(address);
}
