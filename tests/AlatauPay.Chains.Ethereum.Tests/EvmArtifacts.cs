using System.Text.Json;
using AlatauPay.Testing;

namespace AlatauPay.Chains.Ethereum.Tests;

/// <summary>The committed compiled contracts of <c>contracts/evm/artifacts</c>.</summary>
internal static class EvmArtifacts
{
    public static string Directory => Path.Combine(Contracts.Root, "contracts", "evm");

    public static string Bytecode(string contract)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "artifacts", $"{contract}.json")));
        return document.RootElement.GetProperty("bytecode").GetString()!;
    }
}
