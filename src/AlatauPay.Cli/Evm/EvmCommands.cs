using System.CommandLine;
using AlatauPay.Application;
using AlatauPay.Chains.Ethereum;
using AlatauPay.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace AlatauPay.Cli.Evm;

/// <summary>
/// <c>alatau evm sweep</c>: moves what the forwarders of settled invoices hold into their departments'
/// treasuries. It reads the gateway's store (<c>--storage</c>, as <c>keys</c> does) and the chain settings
/// the gateway uses (<c>AlatauPay__Chains__ETH__…</c> or the options below); gas is paid by an operator key
/// read from <c>--key-file</c> or <c>$ALATAU_EVM_OPERATOR_KEY</c>, used to sign and never stored or printed.
/// </summary>
public static class EvmCommands
{
    public const string OperatorKeyVariable = "ALATAU_EVM_OPERATOR_KEY";

    private static readonly Option<string?> Storage = new("--storage") { Description = "The gateway's store; defaults to $AlatauPay__Storage__ConnectionString or data/alataupay.db" };
    private static readonly Option<string?> Rpc = new("--rpc") { Description = "The Ethereum node; defaults to $AlatauPay__Chains__ETH__Rpc__Url" };
    private static readonly Option<string?> ChainId = new("--chain-id") { Description = "The chain id; defaults to $AlatauPay__Chains__ETH__ChainId" };
    private static readonly Option<string?> Factory = new("--factory") { Description = "The forwarder factory; defaults to $AlatauPay__Chains__ETH__ForwarderFactory" };
    private static readonly Option<string?> Usdt = new("--usdt") { Description = "The USDT contract; defaults to $AlatauPay__Chains__ETH__Tokens__USDT__Contract (mainnet Tether on chain 1)" };
    private static readonly Option<string?> Usdc = new("--usdc") { Description = "The USDC contract; defaults to $AlatauPay__Chains__ETH__Tokens__USDC__Contract (mainnet Circle on chain 1)" };
    private static readonly Option<FileInfo?> KeyFile = new("--key-file") { Description = $"A file holding the operator's private key (hex); defaults to ${OperatorKeyVariable}" };

    public static Command Build(IAnsiConsole console)
    {
        var sweep = new Command("sweep", "Deploy and flush the forwarders of settled invoices into their treasuries; safe to repeat.")
        {
            Storage, Rpc, ChainId, Factory, Usdt, Usdc, KeyFile,
        };
        sweep.SetAction((parsed, cancellationToken) => SweepAsync(console, parsed, cancellationToken));
        return new Command("evm", "Ethereum forwarders.") { sweep };
    }

    private static async Task<int> SweepAsync(IAnsiConsole console, ParseResult parsed, CancellationToken cancellationToken)
    {
        EvmChainOptions options;
        string key;
        try
        {
            options = EvmConfiguration.Read(new SettingsConfiguration(new Dictionary<string, string?>
            {
                [$"{EvmChainOptions.Section}:Rpc:Url"] = Setting(parsed.GetValue(Rpc), "Rpc__Url"),
                [$"{EvmChainOptions.Section}:ChainId"] = Setting(parsed.GetValue(ChainId), "ChainId"),
                [$"{EvmChainOptions.Section}:ForwarderFactory"] = Setting(parsed.GetValue(Factory), "ForwarderFactory"),
                [$"{EvmChainOptions.Section}:Tokens:USDT:Contract"] = Setting(parsed.GetValue(Usdt), "Tokens__USDT__Contract"),
                [$"{EvmChainOptions.Section}:Tokens:USDC:Contract"] = Setting(parsed.GetValue(Usdc), "Tokens__USDC__Contract"),
            }));
            key = await ReadKeyAsync(parsed.GetValue(KeyFile), cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            console.MarkupLineInterpolated($"[red]cannot sweep:[/] {e.Message}");
            return AlatauCli.CouldNotRun;
        }

        var storage = parsed.GetValue(Storage)
            ?? Environment.GetEnvironmentVariable("AlatauPay__Storage__ConnectionString")
            ?? Persistence.DependencyInjection.DefaultSqliteConnectionString;
        var services = new ServiceCollection().AddAlatauApplication().AddAlatauPersistence(new StorageOptions { ConnectionString = storage });
        await using var provider = services.BuildServiceProvider();
        await provider.MigrateAlatauStorageAsync(cancellationToken);
        await using var scope = provider.CreateAsyncScope();
        try
        {
            return await new EvmSweep(scope.ServiceProvider, options, key, console).RunAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or Nethereum.JsonRpc.Client.RpcClientUnknownException
            or Nethereum.JsonRpc.Client.RpcClientTimeoutException or Nethereum.JsonRpc.Client.RpcResponseException)
        {
            console.MarkupLineInterpolated($"[red]sweep stopped:[/] {e.Message}");
            return AlatauCli.NotVerified;
        }
    }

    private static string? Setting(string? option, string variable) =>
        option ?? Environment.GetEnvironmentVariable($"AlatauPay__Chains__ETH__{variable}");

    private static async Task<string> ReadKeyAsync(FileInfo? file, CancellationToken cancellationToken)
    {
        var key = file is not null
            ? (file.Exists ? await File.ReadAllTextAsync(file.FullName, cancellationToken) : throw new InvalidOperationException($"The key file {file.FullName} does not exist."))
            : Environment.GetEnvironmentVariable(OperatorKeyVariable);
        key = key?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidOperationException($"No operator key: pass --key-file or set {OperatorKeyVariable}.");
        }

        var hex = key.StartsWith("0x", StringComparison.Ordinal) ? key[2..] : key;
        return hex.Length == 64 && hex.All(Uri.IsHexDigit)
            ? hex
            : throw new InvalidOperationException("The operator key is not 32 bytes of hex.");
    }
}
