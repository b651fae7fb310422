using System.Diagnostics;
using AlatauPay.Application.Leases;
using AlatauPay.Testing;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AlatauPay.Api.Tests;

/// <summary>Two gateway instances on one PostgreSQL database: one runs the webhook dispatcher, and the other takes over when it stops.</summary>
public sealed class LeaseTakeoverTests : IAsyncLifetime
{
    private PostgresServer postgres = null!;
    private string database = "";
    private PostgresGateway first = null!;
    private PostgresGateway second = null!;
    private bool firstStopped;
    private bool secondStopped;

    public async Task InitializeAsync()
    {
        postgres = await PostgresServer.StartAsync();
        database = await postgres.CreateDatabaseAsync("pair");
        first = new PostgresGateway(database);
        await first.InitializeAsync();
        second = new PostgresGateway(database);
        await second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (!firstStopped)
        {
            await first.DisposeAsync();
        }

        if (!secondStopped)
        {
            await second.DisposeAsync();
        }

        await postgres.DisposeAsync();
    }

    [Fact]
    public async Task TheOtherInstanceTakesTheDispatcherOverWithAHigherTokenWhenTheHolderStops()
    {
        var ids = new[] { first, second }.Select(g => g.Services.GetRequiredService<GatewayInstance>().Id).ToList();
        var (holder, token) = await WaitForHolderAsync(h => h is not null);
        Assert.Contains(holder, ids);

        var leader = holder == ids[0] ? first : second;
        await leader.DisposeAsync();
        (firstStopped, secondStopped) = (leader == first, leader == second);
        var (successor, successorToken) = await WaitForHolderAsync(h => h is not null && h != holder);

        Assert.Equal(ids.Single(id => id != holder), successor);
        Assert.True(successorToken > token);
    }

    private async Task<(string Holder, long Token)> WaitForHolderAsync(Func<string?, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(database);
        while (true)
        {
            var row = await connection.QuerySingleOrDefaultAsync<(string? Holder, long Token)>(
                "SELECT holder, token FROM leases WHERE name = 'webhook-dispatcher' AND expires_at > clock_timestamp()");
            if (condition(row.Holder))
            {
                return (row.Holder!, row.Token);
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "no instance met the condition on the dispatcher's lease within 30 s");
            await Task.Delay(100);
        }
    }
}
