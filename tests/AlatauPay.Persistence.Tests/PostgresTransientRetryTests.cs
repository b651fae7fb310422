using AlatauPay.Application.Behaviors;
using AlatauPay.Application.Ports;
using AlatauPay.Persistence.Postgres;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

/// <summary>A deadlock on PostgreSQL costs one of the two units of work a rerun, never the request.</summary>
public sealed class PostgresTransientRetryTests(PostgresStore store) : IClassFixture<PostgresStore>, IAsyncLifetime
{
    public Task InitializeAsync() => store.InTransactionAsync(async sp =>
    {
        var departments = sp.GetRequiredService<IDepartmentRepository>();
        await departments.TryAddAsync(TestData.Department("north"), CancellationToken.None);
        await departments.TryAddAsync(TestData.Department("south"), CancellationToken.None);
    });

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheLoserOfADeadlockRunsAgainInAFreshTransactionAndBothCommit()
    {
        using var bothHoldTheirFirstRow = new Barrier(2);
        var attempts = 0;

        async Task<bool> RenameCrosswise(string first, string second)
        {
            await using var scope = store.Services.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<PostgresSession>();
            return await TransientRetry.RunAsync<bool>(session, async () =>
            {
                var attempt = Interlocked.Increment(ref attempts);
                await session.BeginAsync(CancellationToken.None);
                try
                {
                    var transaction = await session.WriteTransactionAsync(CancellationToken.None);
                    await Rename(transaction, first);
                    if (attempt <= 2)
                    {
                        bothHoldTheirFirstRow.SignalAndWait(TimeSpan.FromSeconds(30));
                    }

                    await Rename(transaction, second);
                    await session.CommitAsync(CancellationToken.None);
                    return true;
                }
                catch
                {
                    await session.RollbackAsync(CancellationToken.None);
                    throw;
                }
            }, CancellationToken.None);
        }

        var results = await Task.WhenAll(
            Task.Run(() => RenameCrosswise("north", "south")),
            Task.Run(() => RenameCrosswise("south", "north")));

        Assert.All(results, Assert.True);
        Assert.Equal(3, attempts);
        await using var connection = await store.OpenRawAsync();
        Assert.Equal(2 * 2, await connection.ExecuteScalarAsync<long>(
            "SELECT sum(length(name) - length(replace(name, '+', ''))) FROM departments WHERE code IN ('north', 'south')"));
    }

    private static Task<int> Rename(Npgsql.NpgsqlTransaction transaction, string code) =>
        transaction.Connection!.ExecuteAsync("UPDATE departments SET name = name || '+' WHERE code = @code", new { code }, transaction);
}
