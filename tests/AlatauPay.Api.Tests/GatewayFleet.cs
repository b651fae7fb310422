using System.Globalization;
using Dapper;
using Npgsql;
using StackExchange.Redis;

namespace AlatauPay.Api.Tests;

/// <summary>
/// Several gateway processes on one PostgreSQL database (and one Redis, when given), as instances behind a load
/// balancer. The first starts alone, so it migrates the database and writes the shared ledger signing key
/// before the others read them. Disposing kills every instance and deletes the fleet's directory.
/// </summary>
public sealed class GatewayFleet : IAsyncDisposable
{
    /// <summary>How long a singleton job's lease lasts without renewal, short so a takeover fits in a test.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);

    /// <summary>The holder <see cref="StealLeaseAsync"/> names: host:pid:nonce as instances are, with no instance's pid.</summary>
    private const string Thief = "thief:0:test";

    private readonly string directory = Directory.CreateTempSubdirectory("alataupay-fleet-").FullName;
    private readonly Dictionary<string, string> settings;
    private readonly string keyPrefix = $"fleet-{Guid.NewGuid():N}:";
    private readonly List<GatewayProcess> instances = [];
    private ConnectionMultiplexer? redis;

    private GatewayFleet(string database, string? redisConfiguration, IReadOnlyDictionary<string, string?> extra)
    {
        Database = database;
        RedisConfiguration = redisConfiguration;
        settings = new Dictionary<string, string>
        {
            ["AlatauPay:Storage:Provider"] = "postgres",
            ["AlatauPay:Storage:ConnectionString"] = database,
            ["AlatauPay:Ledger:SigningKeyFile"] = Path.Combine(directory, "ledger-signing-key.pem"),
            ["AlatauPay:Auth:BootstrapKey"] = GatewayHost.AdminKey,
            ["AlatauPay:Leases:Duration"] = LeaseDuration.ToString("c", CultureInfo.InvariantCulture),
            ["AlatauPay:ExpiryScanInterval"] = "00:00:00.250",
            ["Logging:LogLevel:Default"] = "Warning",
            // The watcher's "rescanning blocks" line is how the tests see a rescan begin.
            ["Logging:LogLevel:AlatauPay.Application.Chains.Watching"] = "Information",
        };
        if (redisConfiguration is not null)
        {
            settings["AlatauPay:Redis:Configuration"] = redisConfiguration;
            settings["AlatauPay:Redis:KeyPrefix"] = keyPrefix;
        }

        foreach (var (key, value) in extra)
        {
            if (value is not null)
            {
                settings[key] = value;
            }
        }
    }

    /// <summary>The connection string of the database every instance shares.</summary>
    public string Database { get; }

    public string? RedisConfiguration { get; }

    public IReadOnlyList<GatewayProcess> Instances => instances;

    /// <summary>Starts one instance on <paramref name="database"/>; <see cref="AddAsync"/> brings more.</summary>
    public static async Task<GatewayFleet> StartAsync(string database, string? redisConfiguration = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var fleet = new GatewayFleet(database, redisConfiguration, extra ?? new Dictionary<string, string?>());
        try
        {
            await fleet.AddAsync(1);
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <paramref name="count"/> more instances side by side, with <paramref name="overrides"/> on top of the fleet's settings.</summary>
    public async Task AddAsync(int count, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var own = new Dictionary<string, string>(settings);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            own[key] = value;
        }

        var started = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => GatewayProcess.StartAsync(own)));
        instances.AddRange(started);
    }

    public HttpClient Client(GatewayProcess instance) => instance.Client(GatewayHost.AdminKey);

    /// <summary>The instances that are still running.</summary>
    public IReadOnlyList<GatewayProcess> Running => [.. instances.Where(i => !i.HasExited)];

    /// <summary>Who holds lease <paramref name="name"/> now (in Redis when configured, else in the database), and its token.</summary>
    public async Task<(GatewayProcess? Holder, long Token)> HolderAsync(string name)
    {
        var (holder, token) = RedisConfiguration is null ? await DatabaseHolderAsync(name) : await RedisHolderAsync(name);
        return (holder is null ? null : instances.SingleOrDefault(i => i.ProcessId == ProcessIdOf(holder)), token);
    }

    /// <summary>Waits until <paramref name="condition"/> holds of lease <paramref name="name"/>'s holder; returns it.</summary>
    public async Task<(GatewayProcess Holder, long Token)> WaitForHolderAsync(
        string name, Func<GatewayProcess, bool> condition, string what, TimeSpan? timeout = null)
    {
        (GatewayProcess? Holder, long Token) current = default;
        await Eventually.WaitAsync(
            async () => (current = await HolderAsync(name)).Holder is { } holder && condition(holder),
            $"{what} holds lease {name}",
            timeout ?? TimeSpan.FromSeconds(30));
        return (current.Holder!, current.Token);
    }

    /// <summary>
    /// Puts lease <paramref name="name"/> in the hands of a holder that is none of the instances, with the next token,
    /// for <paramref name="ttl"/>, as if another instance had taken it over; returns that token.
    /// </summary>
    public async Task<long> StealLeaseAsync(string name, TimeSpan ttl)
    {
        var (_, token) = await HolderAsync(name);
        if (RedisConfiguration is null)
        {
            await using var connection = await OpenDatabaseAsync();
            await connection.ExecuteAsync(
                "UPDATE leases SET holder = @Thief, token = @Token, expires_at = clock_timestamp() + @Ttl WHERE name = @name",
                new { Thief, Token = token + 1, Ttl = ttl, name });
        }
        else
        {
            redis ??= await ConnectionMultiplexer.ConnectAsync($"{RedisConfiguration},abortConnect=false,connectTimeout=1000");
            await redis.GetDatabase().StringSetAsync($"{keyPrefix}lease:{name}", $"{Thief}|{token + 1}", ttl);
        }

        return token + 1;
    }

    /// <summary>Gives back a lease taken by <see cref="StealLeaseAsync"/>, so the instances may take it again.</summary>
    public async Task ReturnStolenLeaseAsync(string name)
    {
        if (RedisConfiguration is null)
        {
            await using var connection = await OpenDatabaseAsync();
            await connection.ExecuteAsync("UPDATE leases SET holder = NULL, expires_at = clock_timestamp() WHERE name = @name AND holder = @Thief", new { name, Thief });
        }
        else
        {
            await redis!.GetDatabase().KeyDeleteAsync($"{keyPrefix}lease:{name}");
        }
    }

    /// <summary>The height of the last canonical Litecoin block the fleet's watcher has recorded; 0 before any.</summary>
    public async Task<long> LitecoinHeightAsync()
    {
        await using var connection = await OpenDatabaseAsync();
        return await connection.ExecuteScalarAsync<long?>("SELECT max(height) FROM chain_blocks WHERE chain = 'LTC' AND canonical") ?? 0;
    }

    /// <summary>
    /// Waits until <paramref name="leader"/>'s Litecoin watcher has begun the rescan asked for. (The request itself
    /// stays pending until the rescan is done, so the table says nothing about its start.)
    /// </summary>
    public static Task WaitForRescanStartAsync(GatewayProcess leader) =>
        Eventually.WaitAsync(() => leader.Output.Contains("LTC: rescanning blocks", StringComparison.Ordinal), "the leader starts the rescan");

    /// <summary>A connection of the test's own, unpooled, so one broken by a server restart is never reused.</summary>
    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public string Output => string.Join(
        "\n", instances.Select((instance, index) => $"--- instance {index} (pid {instance.ProcessId}) ---\n{instance.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }

        if (redis is not null)
        {
            await redis.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }

    private async Task<(string? Holder, long Token)> DatabaseHolderAsync(string name)
    {
        await using var connection = await OpenDatabaseAsync();
        return await connection.QuerySingleOrDefaultAsync<(string? Holder, long Token)>(
            "SELECT holder, token FROM leases WHERE name = @name AND expires_at > clock_timestamp()", new { name });
    }

    private async Task<(string? Holder, long Token)> RedisHolderAsync(string name)
    {
        try
        {
            redis ??= await ConnectionMultiplexer.ConnectAsync($"{RedisConfiguration},abortConnect=false,connectTimeout=1000");
            var value = (string?)await redis.GetDatabase().StringGetAsync($"{keyPrefix}lease:{name}");
            return value is null ? default : (value[..value.LastIndexOf('|')], long.Parse(value[(value.LastIndexOf('|') + 1)..], CultureInfo.InvariantCulture));
        }
        catch (RedisException)
        {
            // Redis is away: nobody holds a lease there.
            return default;
        }
    }

    // Holders are named host:pid:nonce (GatewayInstance).
    private static int ProcessIdOf(string holder) => int.Parse(holder.Split(':')[^2], CultureInfo.InvariantCulture);
}
