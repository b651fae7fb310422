using System.Globalization;
using AlatauPay.Cli;
using AlatauPay.Testing;

namespace AlatauPay.EndToEnd.Tests;

/// <summary>Runs <c>alatau evm sweep</c> in process against a gateway's store and its devnet's contracts.</summary>
internal static class SweepCli
{
    /// <summary>anvil's first development account, which deployed the contracts; public knowledge, used only on the devnet.</summary>
    public const string OperatorKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /// <summary>A sweep with the operator's key in a key file, through <paramref name="rpc"/> (anvil itself by default).</summary>
    public static async Task<(int Code, string Output)> SweepAsync(EthereumGateway gateway, Uri? rpc = null)
    {
        var keyFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(keyFile, "0x" + OperatorKey + "\n");
            return await RunAsync(gateway, rpc ?? gateway.Devnet.Anvil.Url, ["--key-file", keyFile]);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    public static async Task<(int Code, string Output)> RunAsync(EthereumGateway gateway, Uri rpc, string[] extra)
    {
        using var output = new StringWriter();
        var code = await AlatauCli.RunAsync(
            [
                "evm", "sweep",
                "--storage", gateway.StorageConnectionString,
                "--rpc", rpc.ToString(),
                "--chain-id", AnvilNode.ChainId.ToString(CultureInfo.InvariantCulture),
                "--factory", gateway.Devnet.Factory,
                "--usdt", gateway.Devnet.Usdt,
                "--usdc", gateway.Devnet.Usdc,
                .. extra,
            ],
            output,
            output,
            CancellationToken.None);
        return (code, output.ToString());
    }
}
