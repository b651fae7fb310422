using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using AlatauPay.Api;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using AlatauPay.Domain.Ledger;
using AlatauPay.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlatauPay.EndToEnd.Tests;

/// <summary>
/// An anvil devnet with the forwarder factory and test tokens, and the real gateway watching it over its own
/// SQLite file, with the water department's ETH treasury registered. The gateway can be restarted on the
/// same file while anvil keeps running. A subclass adds or changes settings in <see cref="Configure"/>.
/// </summary>
public class EthereumGateway : IAsyncLifetime
{
    public const string Treasury = "0x8ba1f109551bD432803012645Ac136ddd64DBA72";

    private readonly string directory = Path.Combine(Path.GetTempPath(), "alataupay-e2e-eth-" + Guid.NewGuid().ToString("N"));
    private WebApplication? app;

    public EvmDevnet Devnet { get; } = new();

    public ManualClock Clock { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The gateway's SQLite store, for commands that work on it directly.</summary>
    public string StorageConnectionString => $"Data Source={Path.Combine(directory, "gateway.db")}";

    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("The gateway is stopped.");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        await Devnet.InitializeAsync();
        await StartGatewayAsync();
        await CreateDepartmentAsync("water", Treasury);
    }

    /// <summary>Registers a department billing for cold water with an ETH treasury and, if given, its own confirmation rule.</summary>
    public async Task CreateDepartmentAsync(string code, string treasury, JsonNode? confirmations = null)
    {
        var wallet = new JsonObject { ["treasury"] = treasury };
        if (confirmations is not null)
        {
            wallet["confirmations"] = confirmations;
        }

        var body = new JsonObject
        {
            ["code"] = code,
            ["name"] = "Alatau Water",
            ["services"] = new JsonArray(new JsonObject { ["code"] = "cold-water", ["name"] = "Cold water" }),
            ["wallets"] = new JsonObject { ["ETH"] = wallet },
        };
        var response = await Client.PostAsync("/v1/departments", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public async Task StartGatewayAsync()
    {
        app = GatewayApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(Devnet.Configuration);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AlatauPay:Storage:ConnectionString"] = StorageConnectionString,
                ["AlatauPay:Auth:BootstrapKey"] = PaymentGateway.AdminKey,
                ["AlatauPay:Chains:ETH:Watch:PollInterval"] = "00:00:00.100",
                ["AlatauPay:ExpiryScanInterval"] = "00:00:00.100",
            });
            var extra = new Dictionary<string, string?>();
            Configure(extra);
            builder.Configuration.AddInMemoryCollection(extra);
            builder.Services.AddSingleton<TimeProvider>(Clock);
        });
        await app.PrepareAsync(CancellationToken.None);
        await app.StartAsync();
        Client = new HttpClient(new FreshIdempotencyKeys { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = new Uri(app.Urls.Single()),
            Timeout = TimeSpan.FromSeconds(30),
        };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PaymentGateway.AdminKey);
    }

    /// <summary>Settings of this fixture's gateway beyond the devnet's.</summary>
    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }

    public async Task StopGatewayAsync()
    {
        if (app is not null)
        {
            Client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    public virtual async Task DisposeAsync()
    {
        await StopGatewayAsync();
        await Devnet.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Creates an invoice of 12 345.67 KZT payable in <paramref name="method"/>; its due in the smallest unit.</summary>
    public async Task<EvmBill> CreateInvoiceAsync(string method, string? speedPolicy = null, int? expiresInMinutes = null, string department = "water")
    {
        var body = new JsonObject
        {
            ["department"] = department,
            ["service"] = "cold-water",
            ["payer"] = new JsonObject { ["account"] = "ACC-1001" },
            ["amount"] = new JsonObject { ["currency"] = "KZT", ["value"] = "12345.67" },
            ["methods"] = new JsonArray(method),
            ["speedPolicy"] = speedPolicy,
            ["expiresInMinutes"] = expiresInMinutes,
        };
        var response = await Client.PostAsync("/v1/invoices", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var invoice = JsonNode.Parse(text)!;
        var due = invoice["paymentMethods"]![0]!["due"]!["value"]!.GetValue<string>();
        var scale = due.Length - due.IndexOf('.', StringComparison.Ordinal) - 1;
        return new EvmBill(
            invoice["id"]!.GetValue<string>(),
            invoice["paymentMethods"]![0]!["destination"]!.GetValue<string>(),
            BigInteger.Parse(due.Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture),
            scale);
    }

    /// <summary>Waits until the watcher has processed anvil's current tip.</summary>
    public async Task WaitForTipAsync(int seconds = 30)
    {
        var tip = (await Devnet.Anvil.CallAsync("eth_getBlockByNumber", "latest", false)).GetProperty("hash").GetString();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!deadline.IsCancellationRequested)
        {
            var chains = JsonNode.Parse(await Client.GetStringAsync("/v1/chains"))!.AsArray();
            // Only a poll of this process counts: a gateway just (re)started lists the stored tip before it polls.
            var chain = chains.SingleOrDefault(c => c!["chain"]!.GetValue<string>() == "ETH");
            if (chain?["lastBlockHash"]?.GetValue<string>() == tip && chain?["lastPollAt"] is not null)
            {
                return;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Fail($"The ETH watcher did not reach tip {tip} within {seconds} s.");
    }

    public async Task<IReadOnlyList<string>> EntryKeysAsync(string invoiceId)
    {
        await using var scope = Services.CreateAsyncScope();
        var entries = await scope.ServiceProvider.GetRequiredService<ILedgerRepository>().ListByInvoiceAsync(invoiceId, CancellationToken.None);
        Assert.All(entries, e => Assert.All(LedgerEntry.Imbalances(e.Entry.Postings).Values, imbalance => Assert.True(imbalance.IsZero)));
        return [.. entries.Select(e => e.Entry.Key)];
    }

    public async Task<IReadOnlyList<PaymentObservation>> PaymentsAsync(string invoiceId)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IChainStore>().ListPaymentsAsync(InvoiceId.Parse(invoiceId), CancellationToken.None);
    }
}

/// <summary>An invoice payable on the devnet: where to pay and how much, in the method's smallest unit.</summary>
public sealed record EvmBill(string Id, string Address, BigInteger Due, int Scale);
