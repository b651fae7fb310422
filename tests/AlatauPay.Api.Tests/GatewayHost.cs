using System.Net.Http.Headers;
using AlatauPay.Testing;
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

    /// <summary>Authenticated with the admin key, and adds no Idempotency-Key of its own.</summary>
    public HttpClient RawClient { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string DatabasePath => Path.Combine(directory, "gateway.db");

    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("The gateway is not started.");

    public virtual async Task InitializeAsync()
    {
        app = GatewayApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var settings = new Dictionary<string, string?>
            {
                ["AlatauPay:Storage:ConnectionString"] = $"Data Source={DatabasePath}",
                ["AlatauPay:Auth:BootstrapKey"] = AdminKey,
                ["AlatauPay:Chains:BTC:Network"] = "regtest",
                ["AlatauPay:Chains:LTC:Network"] = "regtest",
                ["AlatauPay:ExpiryScanInterval"] = "00:00:00.100",
                ["AlatauPay:Webhooks:AllowPrivateNetworks"] = "true", // receivers listen on loopback
            };
            Configure(settings);
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<TimeProvider>(Clock);
        });
        await app.PrepareAsync(CancellationToken.None);
        await app.StartAsync();
        BaseAddress = new Uri(app.Urls.Single());
        Anonymous = new HttpClient { BaseAddress = BaseAddress };
        Client = ClientWithKey(AdminKey);
        RawClient = new HttpClient { BaseAddress = BaseAddress };
        RawClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    /// <summary>A client presenting <paramref name="key"/> that gives every POST a fresh Idempotency-Key.</summary>
    public HttpClient ClientWithKey(string key)
    {
        var client = new HttpClient(new FreshIdempotencyKeys { InnerHandler = new HttpClientHandler() }) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Lets a test class change the gateway's settings before it starts.</summary>
    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        RawClient.Dispose();
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
