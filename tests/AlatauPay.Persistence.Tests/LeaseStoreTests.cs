using System.Diagnostics;
using AlatauPay.Application.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

/// <summary>Leases for singleton jobs: one holder at a time, takeover after expiry, and tokens that only grow.</summary>
public abstract class LeaseStoreTests(StoreFixture store)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    private ILeaseStore Leases => store.Services.GetRequiredService<ILeaseStore>();

    [Fact]
    public async Task AnotherHolderIsRefusedWhileTheLeaseIsLiveAndTheHolderKeepsItsToken()
    {
        var first = await Leases.TryAcquireAsync("watch:live", "instance-a", Long, CancellationToken.None);

        var other = await Leases.TryAcquireAsync("watch:live", "instance-b", Long, CancellationToken.None);
        var again = await Leases.TryAcquireAsync("watch:live", "instance-a", Long, CancellationToken.None);
        var renewed = await Leases.RenewAsync(first!, Long, CancellationToken.None);

        Assert.Null(other);
        Assert.Equal(first!.Token, again!.Token);
        Assert.Equal(first.Token, renewed!.Token);
    }

    [Fact]
    public async Task AnotherHolderTakesOverAfterExpiryWithAHigherTokenAndTheOldOneCannotRenew()
    {
        var first = await Leases.TryAcquireAsync("watch:expiry", "instance-a", Short, CancellationToken.None);

        var taken = await TakeOverAsync("watch:expiry", "instance-b");

        Assert.True(taken.Token > first!.Token);
        Assert.Null(await Leases.RenewAsync(first, Long, CancellationToken.None));
        Assert.Null(await Leases.TryAcquireAsync("watch:expiry", "instance-a", Long, CancellationToken.None));
    }

    [Fact]
    public async Task AReleasedLeaseIsFreeAtOnce()
    {
        var first = await Leases.TryAcquireAsync("watch:release", "instance-a", Long, CancellationToken.None);

        await Leases.ReleaseAsync(first!, CancellationToken.None);
        var next = await Leases.TryAcquireAsync("watch:release", "instance-b", Long, CancellationToken.None);

        Assert.True(next!.Token > first!.Token);
    }

    /// <summary>Tries to acquire until the current lease has expired; fails after ten seconds.</summary>
    protected async Task<Lease> TakeOverAsync(string name, string holder)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await Leases.TryAcquireAsync(name, holder, Long, CancellationToken.None) is { } lease)
            {
                return lease;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{holder} did not get {name} within ten seconds");
            await Task.Delay(50);
        }
    }
}

public sealed class SqliteLeaseStoreTests(SqliteStore store) : LeaseStoreTests(store), IClassFixture<SqliteStore>;

public sealed class PostgresLeaseStoreTests(PostgresStore store) : LeaseStoreTests(store), IClassFixture<PostgresStore>
{
    private readonly PostgresStore store = store;

    [Fact]
    public async Task AStaleLeadersWriteIsRefusedAndTheNewLeadersIsNot()
    {
        var leases = store.Services.GetRequiredService<ILeaseStore>();
        var stale = await leases.TryAcquireAsync("watch:fenced", "instance-a", TimeSpan.FromMilliseconds(300), CancellationToken.None);
        var current = await TakeOverAsync("watch:fenced", "instance-b");

        var refusal = await Assert.ThrowsAsync<LeaseLostException>(() => RequestRescanUnderAsync(stale!, "FENCED-A", 7));
        await RequestRescanUnderAsync(current, "FENCED-B", 9);

        Assert.Contains("no longer current", refusal.Message, StringComparison.Ordinal);
        Assert.Null(await store.ReadAsync(sp => sp.GetRequiredService<IChainStore>().FindRescanRequestAsync("FENCED-A", CancellationToken.None)));
        Assert.Equal(9, await store.ReadAsync(sp => sp.GetRequiredService<IChainStore>().FindRescanRequestAsync("FENCED-B", CancellationToken.None)));
    }

    private async Task RequestRescanUnderAsync(Lease lease, string chain, long height)
    {
        await using var scope = store.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Application.Leases.WriterFence>().Lease = lease;
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        await unitOfWork.BeginAsync(CancellationToken.None);
        try
        {
            await scope.ServiceProvider.GetRequiredService<IChainStore>().RequestRescanAsync(chain, height, CancellationToken.None);
            await unitOfWork.CommitAsync(CancellationToken.None);
        }
        catch
        {
            await unitOfWork.RollbackAsync(CancellationToken.None);
            throw;
        }
    }
}
