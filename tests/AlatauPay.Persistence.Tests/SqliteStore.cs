using AlatauPay.Application.Ports;
using AlatauPay.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

/// <summary>A migrated SQLite file in its own temporary directory, removed when the test class is done.</summary>
public sealed class SqliteStore : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "alataupay-store-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider? services;

    public string FilePath => Path.Combine(directory, "store.db");

    public IServiceProvider Services => services ?? throw new InvalidOperationException("The store is not started.");

    public async Task InitializeAsync()
    {
        services = new ServiceCollection()
            .AddAlatauPersistence(new StorageOptions { ConnectionString = $"Data Source={FilePath}" })
            .BuildServiceProvider();
        await services.MigrateAlatauStorageAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Runs <paramref name="work"/> in a fresh scope inside one committed transaction.</summary>
    public async Task<T> InTransactionAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        await unitOfWork.BeginAsync(CancellationToken.None);
        try
        {
            var result = await work(scope.ServiceProvider);
            await unitOfWork.CommitAsync(CancellationToken.None);
            return result;
        }
        catch
        {
            await unitOfWork.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    public Task InTransactionAsync(Func<IServiceProvider, Task> work) =>
        InTransactionAsync<bool>(async provider =>
        {
            await work(provider);
            return true;
        });

    /// <summary>Reads in a fresh scope without a transaction.</summary>
    public async Task<T> ReadAsync<T>(Func<IServiceProvider, Task<T>> read)
    {
        await using var scope = Services.CreateAsyncScope();
        return await read(scope.ServiceProvider);
    }

    /// <summary>A raw connection to the file, for checks that go around the repositories.</summary>
    public async Task<SqliteConnection> OpenRawAsync() =>
        await Services.GetRequiredService<SqliteDatabase>().OpenAsync(CancellationToken.None);
}
