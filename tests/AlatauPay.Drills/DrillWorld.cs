using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AlatauPay.Persistence;
using AlatauPay.Testing;
using NBitcoin;

namespace AlatauPay.Drills;

/// <summary>Where a drill's gateway keeps its data.</summary>
public enum DrillStore
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The servers a drill runs against, all on loopback and all its own: litecoind in regtest (past MWEB), anvil
/// with the forwarder factory (unless the drill needs no chain), the store (a SQLite file or a PostgreSQL
/// server), and Redis when asked for.
/// </summary>
public sealed class DrillWorld : IAsyncDisposable
{
    public const string AdminKey = "drill-admin-key-5c2e7b";
    public const string Department = "water";
    public const string Treasury = "0x8ba1f109551bD432803012645Ac136ddd64DBA72";

    private readonly List<DrillGateway> gateways = [];

    private DrillWorld(string directory) => Directory = directory;

    public string Directory { get; }

    private RegtestNode? litecoin;

    public RegtestNode Litecoin => litecoin ?? throw new InvalidOperationException("This drill's world was started without chains.");

    public EvmDevnet Ethereum { get; } = new();

    public PostgresServer? Postgres { get; private set; }

    public DrillRedis? Redis { get; private set; }

    public StorageOptions Storage { get; private set; } = new();

    public IReadOnlyList<DrillGateway> Gateways => gateways;

    /// <param name="chains">Whether to start litecoind and anvil; without them the gateway still issues
    /// regtest LTC addresses (invoices and their events need no node), and watches nothing.</param>
    public static async Task<DrillWorld> StartAsync(DrillStore store, bool redis, bool chains = true)
    {
        var world = new DrillWorld(System.IO.Directory.CreateTempSubdirectory("alataupay-drill-").FullName);
        try
        {
            if (chains)
            {
                world.litecoin = await RegtestNode.StartAsync(RegtestDaemon.Litecoin);
                await world.litecoin.EnsureMwebActiveAsync();
                await world.Ethereum.InitializeAsync();
            }

            if (store == DrillStore.Postgres)
            {
                world.Postgres = await PostgresServer.StartAsync();
                world.Storage = new StorageOptions { Provider = "postgres", ConnectionString = await world.Postgres.CreateDatabaseAsync("drill") };
            }
            else
            {
                world.Storage = new StorageOptions { ConnectionString = $"Data Source={Path.Combine(world.Directory, "gateway.db")}" };
            }

            world.Redis = redis ? await DrillRedis.StartAsync() : null;
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>The gateway's chain settings: both nodes' RPC, the forwarder factory and the tokens.</summary>
    public IReadOnlyDictionary<string, string?> ChainSettings => litecoin is null
        ? new Dictionary<string, string?> { ["AlatauPay:Chains:LTC:Network"] = "regtest" }
        : Litecoin.Configuration.Concat(Ethereum.Configuration).ToDictionary(s => s.Key, s => s.Value);

    /// <summary>A gateway process on this world's servers (not started).</summary>
    /// <param name="extra">Settings added to (or overriding) the ones every drill gateway gets.</param>
    public DrillGateway AddGateway(string name, TimeSpan leaseDuration, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(ChainSettings)
        {
            ["AlatauPay:Storage:Provider"] = Storage.Provider,
            ["AlatauPay:Storage:ConnectionString"] = Storage.ConnectionString,
            ["AlatauPay:Auth:BootstrapKey"] = AdminKey,
            ["AlatauPay:Webhooks:AllowPrivateNetworks"] = "true", // receivers listen on loopback
            ["AlatauPay:Ledger:SigningKeyFile"] = Path.Combine(Directory, "ledger-signing-key.pem"),
            ["AlatauPay:Chains:LTC:Watch:PollInterval"] = "00:00:00.200",
            ["AlatauPay:Chains:ETH:Watch:PollInterval"] = "00:00:00.200",
            ["AlatauPay:ExpiryScanInterval"] = "00:00:01",
            ["AlatauPay:Leases:Duration"] = leaseDuration.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        if (Redis is not null)
        {
            settings["AlatauPay:Redis:Configuration"] = Redis.Configuration + ",abortConnect=false,connectTimeout=2000,syncTimeout=2000";
        }

        var gateway = new DrillGateway(name, settings, Path.Combine(Directory, $"{name}.log"));
        gateways.Add(gateway);
        return gateway;
    }

    /// <summary>Registers the water department with an LTC account key and an ETH treasury; a repeat answers 409.</summary>
    public static Task CreateDepartmentAsync(DrillGateway gateway) => CreateDepartmentAsync(gateway, Department, ethereum: true);

    /// <summary>Registers a department with an LTC account key and, if <paramref name="ethereum"/>, an ETH treasury; a repeat answers 409.</summary>
    public static async Task CreateDepartmentAsync(DrillGateway gateway, string code, bool ethereum)
    {
        using var client = new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        client.DefaultRequestHeaders.Add("Idempotency-Key", $"drill-department-{code}");
        var wallets = new JsonObject { ["LTC"] = new JsonObject { ["xpub"] = AccountKey() } };
        if (ethereum)
        {
            wallets["ETH"] = new JsonObject { ["treasury"] = Treasury };
        }

        var body = new JsonObject
        {
            ["code"] = code,
            ["name"] = "Alatau Water",
            ["services"] = new JsonArray(new JsonObject { ["code"] = "cold-water", ["name"] = "Cold water" }),
            ["wallets"] = wallets,
            ["speedPolicy"] = "medium",
        };
        var response = await client.PostAsync("/v1/departments", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException($"Creating the department answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in gateways)
        {
            await gateway.DisposeAsync();
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }

        await Ethereum.DisposeAsync();
        if (litecoin is not null)
        {
            await litecoin.DisposeAsync();
        }

        if (Environment.GetEnvironmentVariable("ALATAU_DRILL_KEEP") is null)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>The account key m/84'/1'/0' of the BIP84 test mnemonic, as a tpub.</summary>
    private static string AccountKey() =>
        new Mnemonic("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about")
            .DeriveExtKey().Derive(new KeyPath("m/84'/1'/0'")).Neuter().ToString(NBitcoin.Network.RegTest);
}

/// <summary>A redis-server on a free loopback port without persistence: killing it loses every key, as a crash would.</summary>
public sealed class DrillRedis : IAsyncDisposable
{
    private Process? process;

    private DrillRedis(int port) => Port = port;

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<DrillRedis> StartAsync()
    {
        var redis = new DrillRedis(FreePort.Next());
        await redis.LaunchAsync();
        return redis;
    }

    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }

    public async Task LaunchAsync()
    {
        var executable = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "redis-server")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed; install it with: apt-get install redis-server");
        process = Process.Start(new ProcessStartInfo(executable, ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Wait.UntilAsync(
            async () =>
            {
                try
                {
                    using var client = new System.Net.Sockets.TcpClient();
                    await client.ConnectAsync(System.Net.IPAddress.Loopback, Port);
                    return true;
                }
                catch (System.Net.Sockets.SocketException)
                {
                    return false;
                }
            },
            "redis-server accepts connections",
            TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}
