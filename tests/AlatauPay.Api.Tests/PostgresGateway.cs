using AlatauPay.Testing;

namespace AlatauPay.Api.Tests;

/// <summary>
/// The real gateway with its store on a real PostgreSQL server started for the test class, or on a database
/// it shares with other instances (as several gateway instances behind a load balancer do).
/// </summary>
public sealed class PostgresGateway : GatewayHost
{
    private readonly string? sharedDatabase;
    private readonly IReadOnlyDictionary<string, string?> extraSettings;
    private string connectionString = "";

    public PostgresGateway()
    {
        extraSettings = new Dictionary<string, string?>();
    }

    /// <param name="extraSettings">Settings added to (or overriding) the ones every PostgreSQL gateway gets.</param>
    internal PostgresGateway(string sharedDatabase, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        this.sharedDatabase = sharedDatabase;
        this.extraSettings = extraSettings ?? new Dictionary<string, string?>();
    }

    /// <summary>The server this gateway started; null when it shares another's database.</summary>
    public PostgresServer? Postgres { get; private set; }

    public override async Task InitializeAsync()
    {
        if (sharedDatabase is null)
        {
            Postgres = await PostgresServer.StartAsync();
        }

        connectionString = sharedDatabase ?? await Postgres!.CreateDatabaseAsync("gateway");
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
    }

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["AlatauPay:Storage:Provider"] = "postgres";
        settings["AlatauPay:Storage:ConnectionString"] = connectionString;
        settings["AlatauPay:Ledger:SigningKeyFile"] = Path.Combine(Path.GetDirectoryName(DatabasePath)!, "ledger-signing-key.pem");
        settings["AlatauPay:Leases:Duration"] = "00:00:02";
        foreach (var (key, value) in extraSettings)
        {
            settings[key] = value;
        }
    }
}
