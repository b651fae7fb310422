using AlatauPay.Api;
using AlatauPay.Application.Chains;
using AlatauPay.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AlatauPay.EndToEnd.Tests;

/// <summary>A node that contradicts configuration stops the gateway before it serves, naming the setting.</summary>
public sealed class StartupCheckTests(LitecoinNodeFixture fixture) : IClassFixture<LitecoinNodeFixture>, IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "alataupay-startup-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task ANodeOnAnotherNetworkStopsStartUpNamingTheSetting()
    {
        var refusal = await Assert.ThrowsAsync<ChainConfigurationException>(() =>
            PrepareAsync(new Dictionary<string, string?> { ["AlatauPay:Chains:LTC:Network"] = "test" }));

        Assert.Contains("AlatauPay:Chains:LTC:Network", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("regtest", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANodeRefusingTheCredentialsStopsStartUpNamingTheSettings()
    {
        var refusal = await Assert.ThrowsAsync<ChainConfigurationException>(() =>
            PrepareAsync(new Dictionary<string, string?> { ["AlatauPay:Chains:LTC:Rpc:Password"] = "not-the-password" }));

        Assert.Contains("AlatauPay:Chains:LTC:Rpc", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", refusal.Message, StringComparison.Ordinal);
    }

    private async Task PrepareAsync(IDictionary<string, string?> overrides)
    {
        await using var app = GatewayApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(fixture.Node.Configuration);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AlatauPay:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "gateway.db")}",
            });
            builder.Configuration.AddInMemoryCollection(overrides);
        });
        await app.PrepareAsync(CancellationToken.None);
    }
}
