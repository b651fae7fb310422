using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AlatauPay.Api;
using AlatauPay.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AlatauPay.Fuzz;

/// <summary>
/// The real gateway composition on Kestrel at a free loopback port over its own store (a fresh SQLite file,
/// or a fresh database on a PostgreSQL server it starts on loopback), with one department, one invoice, one webhook and one scoped API key already made, so that hostile requests
/// also reach the code behind ids that exist.
/// </summary>
public sealed class FuzzGateway : IAsyncDisposable
{
    public const string AdminKey = "fuzz-admin-key-7d41e0b2";

    /// <summary>A BIP84 regtest account key; the seeded department derives deposit addresses from it.</summary>
    public const string AccountKey =
        "vpub5Y6cjg78GGuNLsaPhmYsiw4gYX3HoQiRBiSwDaBXKUafCt9bNwWQiitDk5VZ5BVxYnQdwoTyXSs2JHRPAgjAvtbBrf8ZhDYe2jWAqvZVnsc";

    private readonly WebApplication app;
    private readonly string directory;
    private readonly PostgresServer? postgres;

    private FuzzGateway(WebApplication app, string directory, PostgresServer? postgres, FuzzStore store, string connectionString)
    {
        this.app = app;
        this.directory = directory;
        this.postgres = postgres;
        Store = store;
        ConnectionString = connectionString;
        Address = new Uri(app.Urls.Single());
    }

    public Uri Address { get; }

    public FuzzStore Store { get; }

    /// <summary>The store's connection string as the gateway was given it.</summary>
    public string ConnectionString { get; }

    public KnownIds Known { get; private set; } = KnownIds.Empty;

    public static Task<FuzzGateway> StartAsync(CancellationToken cancellationToken) =>
        StartAsync(FuzzStore.Sqlite, cancellationToken);

    public static async Task<FuzzGateway> StartAsync(FuzzStore store, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("alataupay-fuzz-").FullName;
        PostgresServer? postgres = null;
        string connectionString;
        if (store == FuzzStore.Postgres)
        {
            postgres = await PostgresServer.StartAsync();
            connectionString = await postgres.CreateDatabaseAsync("fuzz");
        }
        else
        {
            connectionString = $"Data Source={Path.Combine(directory, "gateway.db")}";
        }

        var app = GatewayApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AlatauPay:Storage:Provider"] = store == FuzzStore.Postgres ? "postgres" : "sqlite",
                ["AlatauPay:Storage:ConnectionString"] = connectionString,
                ["AlatauPay:Auth:BootstrapKey"] = AdminKey,
                ["AlatauPay:Webhooks:AllowPrivateNetworks"] = "true", // receivers listen on loopback
                // One key sends every request: the per-key limit would answer 429 and hide what is behind it.
                ["AlatauPay:RateLimit:PermitsPerMinute"] = "100000000",
                ["AlatauPay:Chains:BTC:Network"] = "regtest",
                ["AlatauPay:Chains:LTC:Network"] = "regtest",
                ["AlatauPay:Rates:Fixed:BTC"] = "47500000",
                ["AlatauPay:Rates:Fixed:LTC"] = "50000",
                ["Logging:LogLevel:Default"] = "Error",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
            });
        });
        await app.PrepareAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        var gateway = new FuzzGateway(app, directory, postgres, store, connectionString);
        gateway.Known = await gateway.SeedAsync(cancellationToken);
        return gateway;
    }

    private async Task<KnownIds> SeedAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        await PostAsync(client, "/v1/departments", RequestBodies.Department("water", AccountKey), cancellationToken);
        var invoice = await PostAsync(client, "/v1/invoices", RequestBodies.Invoice, cancellationToken);
        var webhook = await PostAsync(client, "/v1/webhooks", RequestBodies.Webhook, cancellationToken);
        var key = await PostAsync(client, "/v1/api-keys", RequestBodies.ApiKey, cancellationToken);
        return new KnownIds(
            "water",
            invoice["id"]!.GetValue<string>(),
            webhook["id"]!.GetValue<string>(),
            key["id"]!.GetValue<string>());
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, string path, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, MediaTypeHeaderValue.Parse("application/json")) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Seeding {path} was answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }
}

/// <summary>The store the fuzzed gateway writes to.</summary>
public enum FuzzStore
{
    Sqlite,
    Postgres,
}

/// <summary>Ids of what the seeding made, for requests aimed at things that exist.</summary>
public sealed record KnownIds(string Department, string Invoice, string Webhook, string ApiKey)
{
    public static KnownIds Empty { get; } = new("water", "inv_none", "whk_none", "key_none");
}
