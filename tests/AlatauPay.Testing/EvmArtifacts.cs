using System.Text.Json;

namespace AlatauPay.Testing;

/// <summary>The committed compiled contracts of <c>contracts/evm/artifacts</c>.</summary>
public static class EvmArtifacts
{
    public static string Directory => Path.Combine(Contracts.Root, "contracts", "evm");

    public static string Bytecode(string contract)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "artifacts", $"{contract}.json")));
        return document.RootElement.GetProperty("bytecode").GetString()!;
    }
}
