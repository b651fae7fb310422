using Dapper;

namespace AlatauPay.Api.Tests;

/// <summary>
/// The instance watching Litecoin is frozen (SIGSTOP) in the middle of a rescan, between two of its
/// transactions, for longer than its lease; another instance takes the watcher over and writes; the frozen one
/// is resumed (SIGCONT) and writes nothing more under its old lease: either its heartbeat, waking with it, finds the
/// lease run out and stops the rescan first (decision 42), or the rescan's next write gets there first and the
/// database refuses it because its lease is no longer the current one. Which of the two wins is a race inside
/// the resumed process; both end the same way. The leases are PostgreSQL's (no Redis), checked inside each write.
/// </summary>
[Collection(PaymentChains.Collection)]
public sealed class StaleLeaderTests(PaymentChains chains)
{
    private const int Blocks = 300;

    [Fact]
    public async Task AResumedLeaderThatLostItsLeaseIsRefusedByTheFence()
    {
        await using var fleet = await GatewayFleet.StartAsync(await chains.Postgres.CreateDatabaseAsync("stale"), extra: chains.Settings);
        var stale = fleet.Instances[0];
        var (_, staleToken) = await fleet.WaitForHolderAsync("watch:LTC", h => h == stale, "the first instance");
        await fleet.AddAsync(1);
        await Eventually.WaitAsync(async () => await fleet.LitecoinHeightAsync() > 0, "the watcher has a tip");
        var tip = await fleet.LitecoinHeightAsync();

        // A rescan makes one long pass of the leader: block after block, each written under its lease.
        var rescan = await fleet.Client(stale).PostJsonAsync("/v1/chains/LTC/rescan", new { fromHeight = tip - Blocks });
        await rescan.ExpectAsync(System.Net.HttpStatusCode.Accepted);
        await GatewayFleet.WaitForRescanStartAsync(stale);
        await FreezeBetweenTransactionsAsync(fleet, stale);
        try
        {
            var (_, token) = await fleet.WaitForHolderAsync("watch:LTC", h => h != stale, "the other instance");
            Assert.True(token > staleToken);
            await chains.Litecoin.MineAsync(1);
            // The successor first finishes the rescan from where the frozen one left it.
            await Eventually.WaitAsync(async () => await fleet.LitecoinHeightAsync() > tip, "the successor connects a block", TimeSpan.FromSeconds(60));
        }
        finally
        {
            await stale.ResumeAsync();
        }

        var refusal = $"Lease watch:LTC token {staleToken} is no longer current";
        var stopped = $"lost the watcher's lease (token {staleToken})";
        await Eventually.WaitAsync(
            () => stale.Output.Contains(refusal, StringComparison.Ordinal) || stale.Output.Contains(stopped, StringComparison.Ordinal),
            "the resumed instance stops its rescan or has its write refused",
            TimeSpan.FromSeconds(30));
        var (holder, _) = await fleet.HolderAsync("watch:LTC");
        Assert.NotEqual(stale, holder);
        Assert.False(stale.HasExited, "the stopped instance stays up");
    }

    /// <summary>
    /// The fence itself, without the race: the leases last 30 s, so the leader's heartbeat renews every 10 s. It is
    /// frozen just after a renewal, in the middle of a rescan; its lease is taken from it (a new holder, the next
    /// token) and it is resumed at once. Its rescan carries on with the next block seconds before its heartbeat is
    /// due to notice, and the database refuses that write because the token is no longer the current one.
    /// </summary>
    [Fact]
    public async Task AResumedLeaderWritesBeforeItsHeartbeatNoticesAndTheFenceRefusesIt()
    {
        var settings = new Dictionary<string, string?>(chains.Settings) { ["AlatauPay:Leases:Duration"] = "00:00:30" };
        await using var fleet = await GatewayFleet.StartAsync(await chains.Postgres.CreateDatabaseAsync("fenced"), extra: settings);
        var stale = fleet.Instances[0];
        var (_, staleToken) = await fleet.WaitForHolderAsync("watch:LTC", h => h == stale, "the only instance");
        await Eventually.WaitAsync(async () => await fleet.LitecoinHeightAsync() > 0, "the watcher has a tip");
        var tip = await fleet.LitecoinHeightAsync();

        var rescan = await fleet.Client(stale).PostJsonAsync("/v1/chains/LTC/rescan", new { fromHeight = tip - Blocks });
        await rescan.ExpectAsync(System.Net.HttpStatusCode.Accepted);
        await GatewayFleet.WaitForRescanStartAsync(stale);

        // Just renewed: more than 28 of the lease's 30 s left, so the next beat is 8 s or more away.
        await Eventually.WaitAsync(async () => await LeaseSecondsLeftAsync(fleet, "watch:LTC") > 28, "the leader renews its lease", TimeSpan.FromSeconds(15));
        await FreezeBetweenTransactionsAsync(fleet, stale);
        long thiefToken;
        try
        {
            thiefToken = await fleet.StealLeaseAsync("watch:LTC", TimeSpan.FromMinutes(2));
        }
        finally
        {
            await stale.ResumeAsync();
        }

        Assert.True(thiefToken > staleToken);
        var refusal = $"Lease watch:LTC token {staleToken} is no longer current";
        await Eventually.WaitAsync(() => stale.Output.Contains(refusal, StringComparison.Ordinal), "the resumed leader's next write is refused by the fence", TimeSpan.FromSeconds(8));
        var output = stale.Output;
        var heartbeatLoss = output.IndexOf("another holder took it", StringComparison.Ordinal);
        Assert.True(heartbeatLoss < 0 || heartbeatLoss > output.IndexOf(refusal, StringComparison.Ordinal), "the fence refused the write before the heartbeat noticed");
        Assert.False(stale.HasExited, "the refused instance stays up");
    }

    private static async Task<double> LeaseSecondsLeftAsync(GatewayFleet fleet, string name)
    {
        await using var connection = await fleet.OpenDatabaseAsync();
        return await connection.ExecuteScalarAsync<double?>(
            "SELECT extract(epoch FROM expires_at - clock_timestamp())::float8 FROM leases WHERE name = @name", new { name }) ?? 0;
    }

    /// <summary>
    /// Freezes <paramref name="leader"/> while it holds no transaction open (one held open would keep the
    /// successor waiting on its locks, as it should).
    /// </summary>
    private static async Task FreezeBetweenTransactionsAsync(GatewayFleet fleet, GatewayProcess leader)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await leader.PauseAsync();
            if (await OpenTransactionsAsync(fleet) == 0)
            {
                return;
            }

            await leader.ResumeAsync();
        }

        Assert.Fail("the leader was inside a transaction at every attempt to freeze it");
    }

    private static async Task<long> OpenTransactionsAsync(GatewayFleet fleet)
    {
        await using var connection = await fleet.OpenDatabaseAsync();
        return await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()
              AND (backend_xid IS NOT NULL OR state LIKE 'idle in transaction%')
            """);
    }
}
