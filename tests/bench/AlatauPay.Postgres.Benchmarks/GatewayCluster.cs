using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AlatauPay.Api;
using AlatauPay.Application.Invoices.Settle;
using AlatauPay.Bench;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Postgres.Benchmarks;

/// <summary>
/// Gateway instances on one PostgreSQL database, each the full composition (its own Kestrel port, container,
/// connection pool and background services) hosted in this process, as a load balancer's backends would be.
/// Clients are spread over the instances round-robin; settlements go through each instance's mediator, the way
/// a chain watcher sends them.
/// </summary>
public sealed class GatewayCluster : IAsyncDisposable
{
    // A BIP84 regtest account key; the gateway derives each invoice's deposit address from it.
    private const string AccountKey = "vpub5Y6cjg78GGuNLsaPhmYsiw4gYX3HoQiRBiSwDaBXKUafCt9bNwWQiitDk5VZ5BVxYnQdwoTyXSs2JHRPAgjAvtbBrf8ZhDYe2jWAqvZVnsc";

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

    /// <summary>12 345.67 KZT at the fixed 47 500 000 KZT per BTC, rounded up.</summary>
    private static readonly Money Due = Money.Parse("0.00025991", Currency.BTC);

    private static readonly Uri Invoices = new("/v1/invoices", UriKind.Relative);

    private readonly List<WebApplication> instances;
    private readonly List<HttpClient> clients;
    private readonly AuthenticationHeaderValue authorization;

    private GatewayCluster(List<WebApplication> instances, List<HttpClient> clients, string key)
    {
        this.instances = instances;
        this.clients = clients;
        authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    public int Count => instances.Count;

    /// <summary>Invoice ids created and not yet settled.</summary>
    public ConcurrentQueue<string> Unsettled { get; } = new();

    public static async Task<GatewayCluster> StartAsync(
        int count, string connectionString, string keyDirectory, int concurrency, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var instances = new List<WebApplication>();
        var clients = new List<HttpClient>();
        for (var i = 0; i < count; i++)
        {
            var app = GatewayApp.Build([], builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["AlatauPay:Storage:Provider"] = "postgres",
                    ["AlatauPay:Storage:ConnectionString"] = connectionString,
                    ["AlatauPay:Ledger:SigningKeyFile"] = Path.Combine(keyDirectory, "ledger-signing-key.pem"),
                    ["AlatauPay:Auth:BootstrapKey"] = key,
                    // One key sends every request; the per-key rate limit would measure itself, not the gateway.
                    ["AlatauPay:RateLimit:PermitsPerMinute"] = "100000000",
                    ["AlatauPay:Chains:BTC:Network"] = "regtest",
                    ["AlatauPay:Chains:LTC:Network"] = "regtest",
                    ["AlatauPay:Rates:Fixed:BTC"] = "47500000",
                    ["Logging:LogLevel:Default"] = "Error",
                    ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                });
                builder.WebHost.UseUrls("http://127.0.0.1:0");
            });
            await app.PrepareAsync(cancellationToken);
            await app.StartAsync(cancellationToken);
            instances.Add(app);
            var handler = IntegratorHandler.Create(concurrency);
            clients.Add(new HttpClient(handler) { BaseAddress = new Uri(app.Urls.Single()) });
        }

        var cluster = new GatewayCluster(instances, clients, key);
        await cluster.EnsureDepartmentAsync(cancellationToken);
        return cluster;
    }

    /// <summary>One invoice through instance <c>worker mod Count</c>, as an integrator sends it, with a fresh Idempotency-Key.</summary>
    public async Task<bool> CreateInvoiceAsync(int worker, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Invoices)
        {
            Content = new StringContent(InvoiceJson, Encoding.UTF8, "application/json"),
            Headers = { Authorization = authorization },
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await clients[worker % Count].SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /v1/invoices gave {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
        }

        Unsettled.Enqueue(JsonNode.Parse(body)!["id"]!.GetValue<string>());
        return true;
    }

    /// <summary>Settles the next created invoice through instance <c>worker mod Count</c>; false when none is left.</summary>
    public async Task<bool> SettleNextAsync(int worker, CancellationToken cancellationToken)
    {
        if (!Unsettled.TryDequeue(out var id))
        {
            return false;
        }

        await using var scope = instances[worker % Count].Services.CreateAsyncScope();
        var settled = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
            new SettleInvoiceCommand(InvoiceId.Parse(id), Currency.BTC, Due, DateTimeOffset.UtcNow), cancellationToken);
        return settled.AlreadySettled
            ? throw new InvalidOperationException($"Invoice {id} was settled twice.")
            : true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        foreach (var app in instances)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task EnsureDepartmentAsync(CancellationToken cancellationToken)
    {
        var department =
            $$"""
            {
              "code": "water",
              "name": "Alatau Water",
              "services": [{ "code": "cold-water", "name": "Cold water" }],
              "wallets": { "BTC": { "xpub": "{{AccountKey}}" }, "LTC": { "xpub": "{{AccountKey}}" } }
            }
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/departments", UriKind.Relative))
        {
            Content = new StringContent(department, Encoding.UTF8, "application/json"),
            Headers = { Authorization = authorization },
        };
        request.Headers.Add("Idempotency-Key", "bench-department");
        using var response = await clients[0].SendAsync(request, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"Creating the benchmark department gave {(int)response.StatusCode}: {body}");
        }
    }
}
