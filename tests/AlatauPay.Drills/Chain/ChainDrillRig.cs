using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AlatauPay.Api;
using AlatauPay.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using NBitcoin;

namespace AlatauPay.Drills.Chain;

/// <summary>
/// What the chain drill runs against, all on loopback: <c>litecoind -regtest</c> and an anvil devnet that
/// keeps its chain across restarts, a <see cref="RpcFaultProxy"/> in front of each, and the real gateway
/// (in this process, on its own SQLite file, with the real clock) watching both nodes through the proxies
/// with a short RPC timeout. The water department takes LTC, ETH and USDT.
/// </summary>
public sealed class ChainDrillRig : IAsyncDisposable
{
    public const string AdminKey = "drill-admin-key";
    public const string Treasury = "0x8ba1f109551bD432803012645Ac136ddd64DBA72";

    /// <summary>The gateway's RPC timeout; the proxies delay answers past it.</summary>
    public static readonly TimeSpan RpcTimeout = TimeSpan.FromSeconds(2);

    private readonly string directory;
    private WebApplication? app;

    private ChainDrillRig(string directory, RegtestNode litecoin, EvmDevnet devnet)
    {
        this.directory = directory;
        Litecoin = new RegtestChaos(litecoin);
        Ethereum = new AnvilChaos(devnet);
        Devnet = devnet;
        LitecoinProxy = RpcFaultProxy.Start(litecoin.RpcUrl);
        EthereumProxy = RpcFaultProxy.Start(devnet.Anvil.Url);
    }

    public RegtestChaos Litecoin { get; }

    public AnvilChaos Ethereum { get; }

    public EvmDevnet Devnet { get; }

    public RpcFaultProxy LitecoinProxy { get; }

    public RpcFaultProxy EthereumProxy { get; }

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("The gateway is stopped.");

    public string StorageConnectionString => $"Data Source={Path.Combine(directory, "gateway.db")}";

    /// <summary>Starts the nodes, funds <paramref name="payments"/> Litecoin payments, starts the gateway and registers the department.</summary>
    public static async Task<ChainDrillRig> StartAsync(int payments)
    {
        var directory = Directory.CreateTempSubdirectory("alataupay-chaindrill-").FullName;
        var litecoin = await RegtestNode.StartAsync(RegtestDaemon.Litecoin);
        var devnet = EvmDevnet.WithAnvilArguments("--state", Path.Combine(directory, "anvil-state.json"), "--preserve-historical-states");
        ChainDrillRig? rig = null;
        try
        {
            await devnet.InitializeAsync();
            rig = new ChainDrillRig(directory, litecoin, devnet);
            await rig.Litecoin.FundAsync(payments);

            // Bury the devnet's deployments below the deepest reorg the drill makes.
            await devnet.Anvil.MineAsync(8);
            await rig.StartGatewayAsync();
            await rig.RegisterDepartmentAsync();
            return rig;
        }
        catch
        {
            if (rig is not null)
            {
                await rig.DisposeAsync();
            }
            else
            {
                await devnet.DisposeAsync();
                await litecoin.DisposeAsync();
                Directory.Delete(directory, recursive: true);
            }

            throw;
        }
    }

    /// <summary>The gateway's chain settings, through the fault proxies; the invariant checker asks the nodes with them too.</summary>
    public IReadOnlyDictionary<string, string?> ChainSettings => new Dictionary<string, string?>(Devnet.Configuration)
    {
        ["AlatauPay:Chains:LTC:Network"] = "regtest",
        ["AlatauPay:Chains:LTC:Rpc:Url"] = LitecoinProxy.Url.ToString(),
        ["AlatauPay:Chains:LTC:Rpc:User"] = Litecoin.Node.RpcUser,
        ["AlatauPay:Chains:LTC:Rpc:Password"] = Litecoin.Node.RpcPassword,
        ["AlatauPay:Chains:LTC:Rpc:Timeout"] = RpcTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["AlatauPay:Chains:LTC:Watch:PollInterval"] = "00:00:00.200",
        ["AlatauPay:Chains:ETH:Rpc:Url"] = EthereumProxy.Url.ToString(),
        ["AlatauPay:Chains:ETH:Rpc:Timeout"] = RpcTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["AlatauPay:Chains:ETH:Watch:PollInterval"] = "00:00:00.200",
    };

    public async Task StartGatewayAsync()
    {
        app = GatewayApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            builder.Configuration.AddInMemoryCollection(ChainSettings);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AlatauPay:Storage:ConnectionString"] = StorageConnectionString,
                ["AlatauPay:Auth:BootstrapKey"] = AdminKey,
                ["AlatauPay:ExpiryScanInterval"] = "00:00:01",
                ["AlatauPay:RateLimit:PermitsPerMinute"] = "1000000",
                ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("ALATAU_DRILL_LOG_LEVEL") ?? "Error",
            });
        });
        await app.PrepareAsync(CancellationToken.None);
        await app.StartAsync();
        Client = new HttpClient(new FreshIdempotencyKeys { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = new Uri(app.Urls.Single()),
            Timeout = TimeSpan.FromSeconds(60),
        };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
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

    /// <summary>Creates an invoice of 12 345.67 KZT payable in <paramref name="method"/> (LTC, ETH or USDT).</summary>
    public async Task<DrillInvoice> CreateInvoiceAsync(string method, string speedPolicy)
    {
        var body = new JsonObject
        {
            ["department"] = "water",
            ["service"] = "cold-water",
            ["payer"] = new JsonObject { ["account"] = "ACC-1001" },
            ["amount"] = new JsonObject { ["currency"] = "KZT", ["value"] = "12345.67" },
            ["methods"] = new JsonArray(method),
            ["speedPolicy"] = speedPolicy,
            ["expiresInMinutes"] = 24 * 60,
        };
        using var response = await Client.PostAsync("/v1/invoices", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var paymentMethod = JsonNode.Parse(text)!["paymentMethods"]![0]!;
        return new DrillInvoice(
            JsonNode.Parse(text)!["id"]!.GetValue<string>(),
            method,
            speedPolicy,
            paymentMethod["destination"]!.GetValue<string>(),
            paymentMethod["due"]!["value"]!.GetValue<string>());
    }

    public async Task<JsonNode> GetInvoiceAsync(string id) => JsonNode.Parse(await Client.GetStringAsync($"/v1/invoices/{id}"))!;

    /// <summary>The hash of the last block the chain's watcher processed, or null.</summary>
    public async Task<string?> ProcessedHashAsync(string chain)
    {
        var chains = JsonNode.Parse(await Client.GetStringAsync("/v1/chains"))!.AsArray();
        return chains.SingleOrDefault(c => c!["chain"]!.GetValue<string>() == chain)?["lastBlockHash"]?.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        await StopGatewayAsync();
        await LitecoinProxy.DisposeAsync();
        await EthereumProxy.DisposeAsync();
        await Litecoin.Node.DisposeAsync();
        await Devnet.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // anvil may still be writing its state file as it dies; the temp directory is cleaned later.
        }
    }

    private async Task RegisterDepartmentAsync()
    {
        var body = new JsonObject
        {
            ["code"] = "water",
            ["name"] = "Alatau Water",
            ["services"] = new JsonArray(new JsonObject { ["code"] = "cold-water", ["name"] = "Cold water" }),
            ["wallets"] = new JsonObject
            {
                ["LTC"] = new JsonObject { ["xpub"] = AccountKey() },
                ["ETH"] = new JsonObject { ["treasury"] = Treasury },
            },
        };
        using var response = await Client.PostAsync("/v1/departments", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>The account key m/84'/1'/0' of the BIP84 test mnemonic, as a tpub.</summary>
    private static string AccountKey() =>
        new Mnemonic("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about")
            .DeriveExtKey().Derive(new KeyPath("m/84'/1'/0'")).Neuter().ToString(NBitcoin.Network.RegTest);
}

/// <summary>An invoice the drill created, and the payment it sent for it (if any).</summary>
public sealed record DrillInvoice(string Id, string Method, string SpeedPolicy, string Address, string Due)
{
    public string? Payment { get; set; }
}
