using System.Net.Http.Headers;
using System.Text;
using AlatauPay.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AlatauPay.Merchant.Benchmarks;

/// <summary>The real gateway on Kestrel over a fresh SQLite file (synchronous=FULL, the default).</summary>
internal sealed class BenchGateway : IAsyncDisposable
{
    public const string AdminKey = "bench-admin-key-0123456789";
    private readonly string directory = Path.Combine(Path.GetTempPath(), "alataupay-bench-" + Guid.NewGuid().ToString("N"));
    private WebApplication? app;

    public HttpClient Client { get; private set; } = null!;

    public static async Task<BenchGateway> StartAsync(IDictionary<string, string?> extra)
    {
        var gateway = new BenchGateway();
        var settings = new Dictionary<string, string?>
        {
            ["AlatauPay:Storage:ConnectionString"] = $"Data Source={Path.Combine(gateway.directory, "bench.db")}",
            ["AlatauPay:Auth:BootstrapKey"] = AdminKey,
            ["AlatauPay:Webhooks:AllowPrivateNetworks"] = "true", // receivers listen on loopback
            ["AlatauPay:Chains:BTC:Network"] = "regtest",
            ["AlatauPay:RateLimit:PermitsPerMinute"] = "1000000",
            ["AlatauPay:Idempotency:RequireKey"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        gateway.app = GatewayApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(settings);
        });
        await gateway.app.PrepareAsync(CancellationToken.None);
        await gateway.app.StartAsync();
        gateway.Client = new HttpClient { BaseAddress = new Uri(gateway.app.Urls.Single()) };
        gateway.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return gateway;
    }

    public async Task<HttpResponseMessage> PostAsync(string path, string json, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await Client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
