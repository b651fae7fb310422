using System.Numerics;
using System.Text.Json;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Util;
using Nethereum.Web3;

namespace AlatauPay.Cli.Devnet;

/// <summary>
/// What the devnet runs on anvil: the node, its funded accounts (unlocked, so transactions name their sender and
/// anvil signs them), and the contracts deployed from the committed artifacts of <c>contracts/evm</c>: the
/// forwarder factory, a USDT-like token (its <c>transfer</c> returns nothing) and a USDC-like one.
/// </summary>
/// <param name="Deployer">Deploys the contracts and is the tokens' only minter.</param>
/// <param name="Payer">Pays invoices with <c>alatau devnet pay</c>.</param>
/// <param name="Treasury">The demo department's treasury, where swept forwarders send.</param>
public sealed record DevnetEthereum(
    string RpcUrl, long ChainId, string Deployer, string Payer, string Treasury, string Factory, string Usdt, string Usdc)
{
    public const string FileName = "ethereum.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The token contract paid as <paramref name="method"/>, or null for ETH itself.</summary>
    public string? TokenFor(string method) => method switch
    {
        "USDT" => Usdt,
        "USDC" => Usdc,
        _ => null,
    };

    /// <summary>
    /// The contracts on the anvil at <paramref name="rpcUrl"/>: those recorded in <paramref name="folder"/> when
    /// the node still holds their code (anvil kept its state), else deployed afresh and recorded.
    /// </summary>
    public static async Task<DevnetEthereum> DeployOrReuseAsync(string folder, Uri rpcUrl, string artifacts, CancellationToken cancellationToken)
    {
        var web3 = new Web3(rpcUrl.ToString());
        var chainId = (long)(await web3.Eth.ChainId.SendRequestAsync()).Value;
        var accounts = (await web3.Eth.Accounts.SendRequestAsync()).Select(Checksum).ToArray();
        if (accounts.Length < 3)
        {
            throw new InvalidOperationException($"The node at {rpcUrl} has {accounts.Length} unlocked accounts; the devnet needs three (is it anvil?).");
        }

        var path = Path.Combine(folder, FileName);
        if (File.Exists(path))
        {
            var known = JsonSerializer.Deserialize<DevnetEthereum>(await File.ReadAllTextAsync(path, cancellationToken), Json);
            if (known is not null && known.ChainId == chainId && await AllDeployedAsync(web3, known))
            {
                return known with { RpcUrl = rpcUrl.ToString() };
            }
        }

        var deployer = accounts[0];
        var factory = await DeployAsync(web3, deployer, Artifact.Load(artifacts, "ForwarderFactory"), [], cancellationToken);
        var usdt = await DeployAsync(web3, deployer, Artifact.Load(artifacts, "TestTetherToken"), [], cancellationToken);
        var usdc = await DeployAsync(web3, deployer, Artifact.Load(artifacts, "TestStablecoin"), ["Test USD Coin", "USDC"], cancellationToken);
        var deployed = new DevnetEthereum(rpcUrl.ToString(), chainId, deployer, accounts[1], accounts[2], factory, usdt, usdc);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(deployed, Json), cancellationToken);
        return deployed;
    }

    private static async Task<bool> AllDeployedAsync(Web3 web3, DevnetEthereum known)
    {
        foreach (var contract in new[] { known.Factory, known.Usdt, known.Usdc })
        {
            var code = await web3.Eth.GetCode.SendRequestAsync(contract);
            if (string.IsNullOrEmpty(code) || code == "0x")
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<string> DeployAsync(Web3 web3, string from, Artifact artifact, object[] arguments, CancellationToken cancellationToken)
    {
        var data = web3.Eth.DeployContract.GetData(artifact.Bytecode, artifact.Abi, arguments);
        var receipt = await web3.TransactionManager.SendTransactionAndWaitForReceiptAsync(
            new TransactionInput { From = from, Data = data, Gas = new HexBigInteger(5_000_000) }, cancellationToken);
        return receipt.Status?.Value == 1 && receipt.ContractAddress is { } address
            ? Checksum(address)
            : throw new InvalidOperationException($"Deploying {artifact.Name} failed in {receipt.TransactionHash}.");
    }

    internal static string Checksum(string address) => AddressUtil.Current.ConvertToChecksumAddress(address);

    private sealed record Artifact(string Name, string Abi, string Bytecode)
    {
        public static Artifact Load(string folder, string name)
        {
            var path = Path.Combine(folder, name + ".json");
            if (!File.Exists(path))
            {
                throw new ArgumentException($"No compiled contract at {path}; point --artifacts at contracts/evm/artifacts.");
            }

            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return new Artifact(name, document.RootElement.GetProperty("abi").GetRawText(), document.RootElement.GetProperty("bytecode").GetString()!);
        }
    }
}

/// <summary>The test tokens' <c>mint</c>, which only their deployer may call.</summary>
[Function("mint")]
internal sealed class MintFunction : FunctionMessage
{
    [Parameter("address", "to", 1)]
    public string To { get; set; } = "";

    [Parameter("uint256", "value", 2)]
    public BigInteger Value { get; set; }
}

/// <summary>ERC-20 <c>transfer</c>, declared without a return value so a USDT-like token that returns nothing is paid the same way.</summary>
[Function("transfer")]
internal sealed class TransferFunction : FunctionMessage
{
    [Parameter("address", "to", 1)]
    public string To { get; set; } = "";

    [Parameter("uint256", "value", 2)]
    public BigInteger Value { get; set; }
}

[Function("balanceOf", "uint256")]
internal sealed class TokenBalanceFunction : FunctionMessage
{
    [Parameter("address", "owner", 1)]
    public string Owner { get; set; } = "";
}
