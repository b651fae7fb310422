using Microsoft.Data.Sqlite;

namespace AlatauPay.Api.Tests;

/// <summary><c>AlatauPay.Api migrate</c>, as a deployment's migration job runs it.</summary>
public sealed class MigrateCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("alataupay-migrate-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task MigratesTheStoreCreatesTheSigningKeyAndExits()
    {
        var database = Path.Combine(directory, "gateway.db");
        var key = Path.Combine(directory, "keys", "ledger-signing-key.pem");
        Directory.CreateDirectory(Path.GetDirectoryName(key)!);

        var (exitCode, output) = await GatewayProcess.RunAsync(
            ["migrate"],
            new Dictionary<string, string>
            {
                ["AlatauPay:Storage:ConnectionString"] = $"Data Source={database}",
                ["AlatauPay:Ledger:SigningKeyFile"] = key,
            },
            TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, output);
        Assert.True(File.Exists(key), output);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM schema_migrations";
        Assert.True((long)(await command.ExecuteScalarAsync())! > 0);
    }
}
