using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;
using AlatauPay.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Postgres.Benchmarks;

/// <summary>
/// Ledger entries posted through the store's ledger port, transparency log included: one per transaction
/// (<c>TryAppendAsync</c>) is how a settlement posts; a batch (<c>TryAppendManyAsync</c>, one transaction and a
/// fixed number of statements) shows what the ledger itself sustains once each commit's flush and round trips are shared.
/// </summary>
public sealed class LedgerBatches : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private long next;

    private LedgerBatches(ServiceProvider services) => this.services = services;

    public static async Task<LedgerBatches> CreateAsync(string connectionString, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection()
            .AddAlatauPersistence(new StorageOptions { Provider = "postgres", ConnectionString = connectionString })
            .BuildServiceProvider();
        await services.MigrateAlatauStorageAsync(cancellationToken);
        return new LedgerBatches(services);
    }

    /// <summary>Entries per second, appending <paramref name="perTransaction"/> entries in each committed transaction.</summary>
    public async Task<Rate> MeasureAsync(int perTransaction, TimeSpan warmUp, TimeSpan phase, CpuMeter meter, CancellationToken cancellationToken)
    {
        await ClosedLoop.RunAsync(1, warmUp, _ => AppendAsync(perTransaction, cancellationToken), cancellationToken);
        var transactions = await ClosedLoop.RunAsync(1, phase, _ => AppendAsync(perTransaction, cancellationToken), cancellationToken, meter);
        return transactions with { Operations = transactions.Operations * perTransaction };
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();

    private async Task<bool> AppendAsync(int count, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        var ledger = scope.ServiceProvider.GetRequiredService<ILedgerRepository>();
        await unitOfWork.BeginAsync(cancellationToken);
        var entries = Enumerable.Range(0, count).Select(_ => Entry(Interlocked.Increment(ref next))).ToList();
        var ids = count == 1
            ? [await ledger.TryAppendAsync(entries[0], cancellationToken)]
            : await ledger.TryAppendManyAsync(entries, cancellationToken);
        if (ids.Any(id => id is null))
        {
            throw new InvalidOperationException("A fresh entry key was refused as already posted.");
        }

        await unitOfWork.CommitAsync(cancellationToken);
        return true;
    }

    private static LedgerEntry Entry(long n) => LedgerEntry.Create(
        $"bench:{n}",
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
}
