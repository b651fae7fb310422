using System.Data.Common;
using AlatauPay.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

/// <summary>A migrated SQLite file in its own temporary directory.</summary>
public sealed class SqliteStore : StoreFixture
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "alataupay-store-" + Guid.NewGuid().ToString("N"));

    public string FilePath => Path.Combine(directory, "store.db");

    protected override Task<StorageOptions> StartAsync() =>
        Task.FromResult(new StorageOptions { ConnectionString = $"Data Source={FilePath}" });

    protected override Task StopAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    public override async Task<DbConnection> OpenRawAsync() =>
        await Services.GetRequiredService<SqliteDatabase>().OpenAsync(CancellationToken.None);

    public override Task<IReadOnlyList<string>> MigrateAgainAsync() =>
        Services.GetRequiredService<SqliteMigrator>().MigrateAsync(CancellationToken.None);
}
