using System.Data.Common;
using AlatauPay.Application.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

/// <summary>
/// A migrated, empty store of one engine, shared by the tests of one class and removed when they are done.
/// The conformance tests see only this: the ports, a transaction, and a raw connection for checks that go
/// around the repositories.
/// </summary>
public abstract class StoreFixture : IAsyncLifetime
{
    private ServiceProvider? services;

    public IServiceProvider Services => services ?? throw new InvalidOperationException("The store is not started.");

    public async Task InitializeAsync()
    {
        var options = await StartAsync();
        services = new ServiceCollection().AddAlatauPersistence(options).BuildServiceProvider();
        await services.MigrateAlatauStorageAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        await StopAsync();
    }

    /// <summary>Brings the engine up and says how the store reaches it.</summary>
    protected abstract Task<StorageOptions> StartAsync();

    protected abstract Task StopAsync();

    /// <summary>A raw connection to the store, for checks that go around the repositories.</summary>
    public abstract Task<DbConnection> OpenRawAsync();

    /// <summary>Runs the store's migrations again; returns what they applied.</summary>
    public abstract Task<IReadOnlyList<string>> MigrateAgainAsync();

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
}
