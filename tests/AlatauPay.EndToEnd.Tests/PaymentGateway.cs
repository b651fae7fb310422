using System.Data.Common;
using System.Net.Http.Headers;
using AlatauPay.Api;
using AlatauPay.Persistence.Sqlite;
using AlatauPay.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NBitcoin;

namespace AlatauPay.EndToEnd.Tests;

/// <summary>
/// A regtest node of one chain (past MWEB activation for Litecoin) and the real gateway watching it over its
/// own SQLite file, with the water department registered. One per test class; the gateway can be stopped and
/// started again on the same file while the node keeps running.
/// </summary>
public abstract class PaymentGateway(RegtestDaemon daemon) : IAsyncLifetime
{
    public const string AdminKey = "e2e-admin-key";

    private readonly string directory = Path.Combine(Path.GetTempPath(), "alataupay-e2e-" + Guid.NewGuid().ToString("N"));
    private RegtestNode? node;
    private WebApplication? app;
    private IReadOnlyDictionary<string, string?> storage = new Dictionary<string, string?>();

    public RegtestNode Node => node ?? throw new InvalidOperationException(daemon.InstallHint);

    public string Chain => daemon.Chain;

    public ManualClock Clock { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("The gateway is stopped.");

    public async Task InitializeAsync()
    {
        if (!daemon.IsLitecoin && !daemon.IsInstalled)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        node = await RegtestNode.StartAsync(daemon);
        await node.EnsureMwebActiveAsync();
        storage = await StartStorageAsync(directory);
        await StartGatewayAsync();
        await Client.CreateDepartmentAsync("water", Chain, AccountKey());
    }

    public async Task StartGatewayAsync()
    {
        app = GatewayApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(Node.Configuration);
            builder.Configuration.AddInMemoryCollection(storage);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AlatauPay:Auth:BootstrapKey"] = AdminKey,
                [$"AlatauPay:Chains:{Chain}:Watch:PollInterval"] = "00:00:00.100",
                ["AlatauPay:ExpiryScanInterval"] = "00:00:00.100",
            });
            builder.Services.AddSingleton<TimeProvider>(Clock);
        });
        await app.PrepareAsync(CancellationToken.None);
        await app.StartAsync();
        Client = new HttpClient(new FreshIdempotencyKeys { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = new Uri(app.Urls.Single()),
            Timeout = TimeSpan.FromSeconds(30),
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

    public async Task DisposeAsync()
    {
        await StopGatewayAsync();
        if (node is not null)
        {
            await node.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        await StopStorageAsync();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The store's settings; by default a SQLite file in the gateway's directory.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string?>> StartStorageAsync(string directory) =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["AlatauPay:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "gateway.db")}",
        });

    protected virtual Task StopStorageAsync() => Task.CompletedTask;

    /// <summary>A raw connection to the gateway's store, for checks that go around the API.</summary>
    public virtual async Task<DbConnection> OpenStoreAsync() =>
        await Services.GetRequiredService<SqliteDatabase>().OpenAsync(CancellationToken.None);

    /// <summary>The account key m/84'/1'/0' of the BIP84 test mnemonic, as a tpub (valid on every test network).</summary>
    private static string AccountKey() =>
        new Mnemonic("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about")
            .DeriveExtKey().Derive(new KeyPath("m/84'/1'/0'")).Neuter().ToString(NBitcoin.Network.RegTest);
}

public sealed class LitecoinGateway() : PaymentGateway(RegtestDaemon.Litecoin);

public sealed class BitcoinGateway() : PaymentGateway(RegtestDaemon.Bitcoin);

/// <summary>Litecoin watched by a gateway on PostgreSQL: the watcher runs under its lease, every write fenced.</summary>
public sealed class LitecoinOnPostgresGateway() : PaymentGateway(RegtestDaemon.Litecoin)
{
    private PostgresServer? postgres;
    private string connectionString = "";

    protected override async Task<IReadOnlyDictionary<string, string?>> StartStorageAsync(string directory)
    {
        postgres = await PostgresServer.StartAsync();
        return new Dictionary<string, string?>
        {
            ["AlatauPay:Storage:Provider"] = "postgres",
            ["AlatauPay:Storage:ConnectionString"] = connectionString = await postgres.CreateDatabaseAsync("e2e"),
            ["AlatauPay:Ledger:SigningKeyFile"] = Path.Combine(directory, "ledger-signing-key.pem"),
        };
    }

    public override async Task<DbConnection> OpenStoreAsync()
    {
        var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    protected override async Task StopStorageAsync()
    {
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
    }
}
