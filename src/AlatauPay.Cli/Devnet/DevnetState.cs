using System.Text.Json;

namespace AlatauPay.Cli.Devnet;

/// <summary>
/// What <c>ops/devnet</c> writes to <c>devnet.json</c> in its state folder: where the gateway answers, its
/// development API key, each Bitcoin-family chain's funded node wallet, and the Ethereum devnet.
/// </summary>
public sealed record DevnetState(string Server, string ApiKey, IReadOnlyDictionary<string, DevnetNode> Chains)
{
    public const string FileName = "devnet.json";

    /// <summary>The anvil node, its accounts and contracts; null on a devnet without Ethereum.</summary>
    public DevnetEthereum? Ethereum { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The state folder: <c>--devnet</c>, else <c>$ALATAU_DEVNET</c>, else <c>./.devnet</c>.</summary>
    public static string Folder(string? given) =>
        given ?? Environment.GetEnvironmentVariable("ALATAU_DEVNET") ?? Path.Combine(Environment.CurrentDirectory, ".devnet");

    public static async Task<DevnetState> LoadAsync(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"No devnet is described at {path}; start one with ops/devnet, or point --devnet at its folder.");
        }

        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<DevnetState>(file, Json, cancellationToken)
            ?? throw new ArgumentException($"{path} is empty.");
    }

    public async Task SaveAsync(string folder, CancellationToken cancellationToken)
    {
        await using var file = File.Create(Path.Combine(folder, FileName));
        await JsonSerializer.SerializeAsync(file, this, Json, cancellationToken);
    }
}

/// <summary>A node's JSON-RPC endpoint and the wallet on it that holds the devnet's coins.</summary>
public sealed record DevnetNode(string RpcUrl, string RpcUser, string RpcPassword, string Wallet);
