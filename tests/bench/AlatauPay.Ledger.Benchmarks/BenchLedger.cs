using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;
using AlatauPay.Persistence;
using AlatauPay.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Ledger.Benchmarks;

/// <summary>A migrated SQLite ledger in a temporary folder, filled and written the way the gateway does it.</summary>
public sealed class BenchLedger : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private BenchLedger(string directory, string synchronous)
    {
        Directory = directory;
        services = new ServiceCollection()
            .AddAlatauPersistence(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(directory, "ledger.db")}", Synchronous = synchronous })
            .BuildServiceProvider();
    }

    public string Directory { get; }

    public static async Task<BenchLedger> CreateAsync(string synchronous, string? directory = null)
    {
        var ledger = new BenchLedger(directory ?? Path.Combine(Path.GetTempPath(), "alataupay-bench-" + Guid.NewGuid().ToString("N")), synchronous);
        await ledger.services.MigrateAlatauStorageAsync(CancellationToken.None);
        return ledger;
    }

    public static LedgerEntry Entry(long n) => LedgerEntry.Create(
        $"bench:{n}:{Guid.NewGuid():N}",
        $"settle inv_bench{n} (12345.67 KZT paid with 0.00025991 BTC)",
        $"inv_bench{n}",
        DateTimeOffset.UnixEpoch.AddSeconds(n),
        DateTimeOffset.UnixEpoch.AddSeconds(n),
        [
            Posting.Debit("assets:crypto:BTC:water", new Money(Currency.BTC, 25_991)),
            Posting.Credit("trading:BTC", new Money(Currency.BTC, 25_991)),
            Posting.Debit("trading:KZT", new Money(Currency.KZT, 1_234_567)),
            Posting.Credit("revenue:water:cold-water", new Money(Currency.KZT, 1_234_567)),
        ]);

    /// <summary>Appends entries in transactions of <paramref name="perTransaction"/>; with the log, or the entry rows alone.</summary>
    public async Task AppendAsync(long first, int count, int perTransaction, bool withLog)
    {
        for (var done = 0; done < count; done += perTransaction)
        {
            await using var scope = services.CreateAsyncScope();
            var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
            var ledger = (SqliteLedgerRepository)scope.ServiceProvider.GetRequiredService<ILedgerRepository>();
            await unitOfWork.BeginAsync(CancellationToken.None);
            for (var i = 0; i < Math.Min(perTransaction, count - done); i++)
            {
                var entry = Entry(first + done + i);
                _ = withLog ? await ledger.TryAppendAsync(entry, CancellationToken.None) : await ledger.InsertEntryAsync(entry, CancellationToken.None);
            }

            await unitOfWork.CommitAsync(CancellationToken.None);
        }
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
