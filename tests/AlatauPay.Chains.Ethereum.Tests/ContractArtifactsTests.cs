using System.Diagnostics;
using AlatauPay.Testing;

namespace AlatauPay.Chains.Ethereum.Tests;

public sealed class ContractArtifactsTests
{
    [Fact]
    public async Task CommittedArtifactsAreWhatTheSourcesCompileTo()
    {
        var solc = Path.Combine(EvmArtifacts.Directory, "node_modules", "solc", "package.json");
        Assert.True(File.Exists(solc), "solc is not installed: run `npm ci` in contracts/evm (ops/test does it)");
        var start = new ProcessStartInfo("node", ["build.js", "--check"])
        {
            WorkingDirectory = EvmArtifacts.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"{await output}{await errors}");
        Assert.Contains("artifacts match", await output, StringComparison.Ordinal);
    }
}
