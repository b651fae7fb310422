using AlatauPay.Api;
using AlatauPay.Application.Chains;
using AlatauPay.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AlatauPay.EndToEnd.Tests;

/// <summary>An Ethereum node on another chain than configured stops the gateway before it serves.</summary>
public sealed class EthereumStartupCheckTests(EvmDevnet devnet) : IClassFixture<EvmDevnet>, IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "alataupay-startup-eth-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task ANodeOnAnotherChainStopsStartUpNamingBothChainIds()
    {
        await using var app = GatewayApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(devnet.Configuration);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AlatauPay:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "gateway.db")}",
                ["AlatauPay:Chains:ETH:ChainId"] = "1",
            });
        });

        var refusal = await Assert.ThrowsAsync<ChainConfigurationException>(() => app.PrepareAsync(CancellationToken.None));

        Assert.Contains("AlatauPay:Chains:ETH:ChainId is 1", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("chain 31337", refusal.Message, StringComparison.Ordinal);
    }
}
