using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlatauPay.Api.Tests;

/// <summary>
/// The real gateway on Kestrel at a free loopback port, over its own SQLite file; one per test class.
/// BTC and LTC are configured for regtest; ETH is deliberately left unconfigured.
/// </summary>
public class GatewayHost : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-3f9a1c";

    private readonly string directory = Path.Combine(Path.GetTempPath(), "alataupay-api-" + Guid.NewGuid().ToString("N"));
    private WebApplication? app;

    public ManualClock Clock { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("The gateway is not started.");

    public async Task InitializeAsync()
    {
        app = GatewayApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AlatauPay:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "gateway.db")}",
                ["AlatauPay:Auth:BootstrapKey"] = AdminKey,
                ["AlatauPay:Chains:BTC:Network"] = "regtest",
                ["AlatauPay:Chains:LTC:Network"] = "regtest",
                ["AlatauPay:ExpiryScanInterval"] = "00:00:00.100",
            });
            builder.Services.AddSingleton<TimeProvider>(Clock);
        });
        await app.PrepareAsync(CancellationToken.None);
        await app.StartAsync();
        var address = new Uri(app.Urls.Single());
        Anonymous = new HttpClient { BaseAddress = address };
        Client = new HttpClient { BaseAddress = address };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}

/// <summary>A clock the tests move by hand; timers still run on real time.</summary>
public sealed class ManualClock : TimeProvider
{
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;

    public void Advance(TimeSpan by) => offset += by;
}
