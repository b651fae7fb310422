using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using AlatauPay.Api;
using AlatauPay.Bench;
using AlatauPay.Persistence.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Benchmarks;

/// <summary>
/// The real gateway composition in this process: Kestrel on a free loopback port, the embedded SQLite
/// store in the benchmark's directory, BTC on regtest, and one department to invoice against.
/// </summary>
public sealed class GatewayUnderTest : IAsyncDisposable
{
    // A BIP84 regtest account key; the gateway derives each invoice's deposit address from it.
    private const string AccountKey = "vpub5Y6cjg78GGuNLsaPhmYsiw4gYX3HoQiRBiSwDaBXKUafCt9bNwWQiitDk5VZ5BVxYnQdwoTyXSs2JHRPAgjAvtbBrf8ZhDYe2jWAqvZVnsc";

    private const string DepartmentJson =
        $$"""
        {
          "code": "water",
          "name": "Alatau Water",
          "services": [{ "code": "cold-water", "name": "Cold water" }],
          "wallets": { "BTC": { "xpub": "{{AccountKey}}" }, "LTC": { "xpub": "{{AccountKey}}" } }
        }
        """;

    private const string InvoiceJson =
        """
        {
          "department": "water",
          "service": "cold-water",
          "payer": { "account": "ACC-1" },
          "amount": { "currency": "KZT", "value": "12345.67" },
          "methods": ["BTC"]
        }
        """;

    private static readonly Uri Health = new("/health/live", UriKind.Relative);
    private static readonly Uri Invoices = new("/v1/invoices", UriKind.Relative);

    private readonly WebApplication app;
    private readonly AuthenticationHeaderValue authorization;

    private GatewayUnderTest(WebApplication app, HttpClient client, string key)
    {
        this.app = app;
        Client = client;
        authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    public HttpClient Client { get; }

    /// <summary>The embedded store's write batches so far, and the units of work they held.</summary>
    public (long Batches, long Units) Committed => app.Services.GetRequiredService<SqliteDatabase>().Committed;

    public static async Task<GatewayUnderTest> StartAsync(string databasePath, string synchronous, int concurrency, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var app = GatewayApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AlatauPay:Storage:Provider"] = "sqlite",
                ["AlatauPay:Storage:ConnectionString"] = $"Data Source={databasePath}",
                ["AlatauPay:Storage:Synchronous"] = synchronous,
                ["AlatauPay:Auth:BootstrapKey"] = key,
                // One key sends every request; the per-key rate limit would measure itself, not invoice creation.
                ["AlatauPay:RateLimit:PermitsPerMinute"] = "100000000",
                ["AlatauPay:Chains:BTC:Network"] = "regtest",
                ["AlatauPay:Chains:LTC:Network"] = "regtest",
                ["AlatauPay:Rates:Fixed:BTC"] = "47500000",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        });

        await app.PrepareAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        var handler = IntegratorHandler.Create(concurrency);
        var client = new HttpClient(handler) { BaseAddress = new Uri(app.Urls.Single()) };
        var gateway = new GatewayUnderTest(app, client, key);
        await gateway.CreateDepartmentAsync(cancellationToken);
        return gateway;
    }

    public HttpRequestMessage NewHealthRequest() => new(HttpMethod.Get, Health);

    /// <summary>Each invoice as an integrator sends it: a fresh Idempotency-Key, stored with the invoice.</summary>
    public HttpRequestMessage NewInvoiceRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Invoices)
        {
            Content = new StringContent(InvoiceJson, Encoding.UTF8, "application/json"),
            Headers = { Authorization = authorization },
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task CreateDepartmentAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/departments", UriKind.Relative))
        {
            Content = new StringContent(DepartmentJson, Encoding.UTF8, "application/json"),
            Headers = { Authorization = authorization },
        };
        request.Headers.Add("Idempotency-Key", "bench-department");
        using var response = await Client.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"Creating the benchmark department gave {(int)response.StatusCode}: {body}");
        }
    }
}
