using AlatauPay.Application.Ports;
using AlatauPay.Domain.Departments;
using AlatauPay.Testing;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

/// <summary>
/// Two invoices of one department taking its chains' address indexes in opposite orders: on PostgreSQL the first
/// take of a transaction locks all of the department's wallets, in chain order, so the second invoice waits for
/// the first instead of the two locking the wallets crosswise, which PostgreSQL would end by aborting one.
/// </summary>
public sealed class PostgresWalletLockTests(PostgresStore store) : IClassFixture<PostgresStore>, IAsyncLifetime
{
    private static readonly DepartmentCode Code = new("east");

    public Task InitializeAsync() => store.InTransactionAsync(sp =>
        sp.GetRequiredService<IDepartmentRepository>().TryAddAsync(TestData.Department(Code.Value), CancellationToken.None));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ASecondInvoiceTakingTheChainsTheOtherWayRoundWaitsInsteadOfDeadlocking()
    {
        await using var first = store.Services.CreateAsyncScope();
        var firstWork = first.ServiceProvider.GetRequiredService<IUnitOfWork>();
        var firstWallets = first.ServiceProvider.GetRequiredService<IDepartmentRepository>();
        await firstWork.BeginAsync(CancellationToken.None);
        var firstBtc = await firstWallets.TakeNextAddressIndexAsync(Code, "BTC", CancellationToken.None);

        // Taking LTC first, the second would hold LTC's row while waiting for BTC's, were the lock per wallet.
        var second = Task.Run(() => store.InTransactionAsync(async sp =>
        {
            var wallets = sp.GetRequiredService<IDepartmentRepository>();
            var ltc = await wallets.TakeNextAddressIndexAsync(Code, "LTC", CancellationToken.None);
            var btc = await wallets.TakeNextAddressIndexAsync(Code, "BTC", CancellationToken.None);
            return (Ltc: ltc, Btc: btc);
        }));
        await Wait.UntilAsync(async () => second.IsCompleted || await WaitingForALockAsync(), "the second transaction waits for a lock", TimeSpan.FromSeconds(30));
        Assert.False(second.IsCompleted, "The second transaction took an index while the first still held the department's wallets.");

        var firstLtc = await firstWallets.TakeNextAddressIndexAsync(Code, "LTC", CancellationToken.None);
        await firstWork.CommitAsync(CancellationToken.None);
        var (secondLtc, secondBtc) = await second;

        Assert.Equal((0L, 0L), (firstBtc, firstLtc));
        Assert.Equal((1L, 1L), (secondLtc, secondBtc));
    }

    private async Task<bool> WaitingForALockAsync()
    {
        await using var connection = await store.OpenRawAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0;
    }
}
