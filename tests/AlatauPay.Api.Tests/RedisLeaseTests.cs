using System.Diagnostics;
using AlatauPay.Application.Leases;
using AlatauPay.Application.Ports;
using AlatauPay.Persistence;
using AlatauPay.Redis;
using AlatauPay.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace AlatauPay.Api.Tests;

/// <summary>Leases on a real redis-server, fencing writes to a real PostgreSQL store.</summary>
public sealed class RedisLeaseTests : IAsyncLifetime
{
    private RedisServer redis = null!;
    private PostgresServer postgres = null!;
    private ConnectionMultiplexer connection = null!;
    private ServiceProvider services = null!;

    private ILeaseStore Leases => services.GetRequiredService<ILeaseStore>();

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        postgres = await PostgresServer.StartAsync();
        connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        services = new ServiceCollection()
            .AddAlatauPersistence(new StorageOptions { Provider = "postgresql", ConnectionString = await postgres.CreateDatabaseAsync("fenced") })
            .AddSingleton<ILeaseStore>(new RedisLeaseStore(connection, new RedisOptions(), TimeProvider.System))
            .BuildServiceProvider();
        await services.MigrateAlatauStorageAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await connection.DisposeAsync();
        await postgres.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task AnotherHolderIsRefusedWhileLiveAndTakesOverAfterExpiryWithAHigherToken()
    {
        var first = await Leases.TryAcquireAsync("watch:LTC", "instance-a", TimeSpan.FromMilliseconds(400), CancellationToken.None);
        var refused = await Leases.TryAcquireAsync("watch:LTC", "instance-b", TimeSpan.FromMinutes(1), CancellationToken.None);

        var taken = await TakeOverAsync("watch:LTC", "instance-b");

        Assert.Null(refused);
        Assert.True(taken.Token > first!.Token);
        Assert.Null(await Leases.RenewAsync(first, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(taken.Token, (await Leases.RenewAsync(taken, TimeSpan.FromMinutes(1), CancellationToken.None))!.Token);
    }

    [Fact]
    public async Task TokensKeepGrowingWhenRedisRestartsEmpty()
    {
        var before = await Leases.TryAcquireAsync("watch:restart", "instance-a", TimeSpan.FromMinutes(1), CancellationToken.None);

        await redis.StopAsync();
        await redis.LaunchAsync();
        var after = await WhenRedisAnswersAsync(() => Leases.TryAcquireAsync("watch:restart", "instance-b", TimeSpan.FromMinutes(1), CancellationToken.None));

        Assert.True(after!.Token > before!.Token);
    }

    [Fact]
    public async Task AStaleLeadersWriteIsRefusedOnceTheNewLeaderHasWritten()
    {
        var stale = await Leases.TryAcquireAsync("watch:BTC", "instance-a", TimeSpan.FromMilliseconds(400), CancellationToken.None);
        await RequestRescanUnderAsync(stale!, "STALE-BEFORE", 1);
        var current = await TakeOverAsync("watch:BTC", "instance-b");
        await RequestRescanUnderAsync(current, "CURRENT", 2);

        var refusal = await Assert.ThrowsAsync<LeaseLostException>(() => RequestRescanUnderAsync(stale!, "STALE-AFTER", 3));

        Assert.Contains("no longer current", refusal.Message, StringComparison.Ordinal);
        Assert.Null(await PendingRescanAsync("STALE-AFTER"));
        Assert.Equal(2, await PendingRescanAsync("CURRENT"));
    }

    private async Task<Lease> TakeOverAsync(string name, string holder)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await Leases.TryAcquireAsync(name, holder, TimeSpan.FromMinutes(1), CancellationToken.None) is { } lease)
            {
                return lease;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{holder} did not get {name} within ten seconds");
            await Task.Delay(50);
        }
    }

    private static async Task<T> WhenRedisAnswersAsync<T>(Func<Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RedisException) when (clock.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(100);
            }
        }
    }

    private async Task RequestRescanUnderAsync(Lease lease, string chain, long height)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WriterFence>().Lease = lease;
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

    private async Task<long?> PendingRescanAsync(string chain)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IChainStore>().FindRescanRequestAsync(chain, CancellationToken.None);
    }
}
