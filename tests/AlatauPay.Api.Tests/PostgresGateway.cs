using AlatauPay.Testing;

namespace AlatauPay.Api.Tests;

/// <summary>The real gateway with its store on a real PostgreSQL server started for the test class.</summary>
public sealed class PostgresGateway : GatewayHost
{
    private string connectionString = "";

    public PostgresServer Postgres { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        connectionString = await Postgres.CreateDatabaseAsync("gateway");
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["AlatauPay:Storage:Provider"] = "postgres";
        settings["AlatauPay:Storage:ConnectionString"] = connectionString;
        settings["AlatauPay:Ledger:SigningKeyFile"] = Path.Combine(Path.GetDirectoryName(DatabasePath)!, "ledger-signing-key.pem");
    }
}
