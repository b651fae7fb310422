using System.Diagnostics;
using System.Text.RegularExpressions;
using AlatauPay.Cli.Audit;

namespace AlatauPay.Drills;

/// <summary>
/// The drills. Each starts its own world, holds a load while it injects its faults, lets the gateway settle
/// what was paid, stops it, and runs the invariant checker on the store with the writes the client was acknowledged.
/// </summary>
public static partial class Drills
{
    private static readonly TimeSpan StartWithin = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SettleWithin = TimeSpan.FromMinutes(3);

    /// <summary>SIGKILL the gateway at random moments under load, <paramref name="kills"/> times, restarting it each time.</summary>
    public static async Task<DrillResult> CrashAsync(int kills, DrillStore store, int seed, TextWriter progress)
    {
        await using var world = await DrillWorld.StartAsync(store, redis: false);
        var gateway = world.AddGateway("gateway", TimeSpan.FromSeconds(15));
        var random = new Random(seed);
        return await RunAsync("crash", world, [gateway], seed, progress, async () =>
        {
            for (var kill = 1; kill <= kills; kill++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 2500)));
                await gateway.KillAsync();
                await gateway.StartAsync(StartWithin);
                Progress(progress, kill, kills, "kills");
            }

            return $"{kills} kills ({store.ToString().ToLowerInvariant()})";
        });
    }

    /// <summary>
    /// On PostgreSQL: <c>pg_ctl stop -m immediate</c> and start again under load, <paramref name="restarts"/> times.
    /// On SQLite: SIGKILL the process that hosts the database (the gateway) and start it again, as often.
    /// </summary>
    public static async Task<DrillResult> DatabaseAsync(int restarts, int seed, TextWriter progress)
    {
        DrillResult postgres;
        await using (var world = await DrillWorld.StartAsync(DrillStore.Postgres, redis: false))
        {
            var gateway = world.AddGateway("gateway", TimeSpan.FromSeconds(15));
            var random = new Random(seed);
            postgres = await RunAsync("database/postgres", world, [gateway], seed, progress, async () =>
            {
                for (var restart = 1; restart <= restarts; restart++)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 3000)));
                    await world.Postgres!.StopAsync();
                    await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 2000)));
                    await world.Postgres.LaunchAsync();
                    Progress(progress, restart, restarts, "PostgreSQL immediate restarts");
                }

                return $"{restarts} PostgreSQL immediate restarts";
            });
        }

        var sqlite = await CrashAsync(restarts, DrillStore.Sqlite, seed + 1, progress) with { Drill = "database/sqlite" };
        return new DrillResult(
            "database",
            $"{restarts} PostgreSQL immediate restarts + {restarts} SQLite host kills",
            postgres.Invoices + sqlite.Invoices,
            postgres.Payments + sqlite.Payments,
            postgres.Requests + sqlite.Requests,
            postgres.Duration + sqlite.Duration,
            [.. postgres.Unsettled, .. sqlite.Unsettled],
            [.. postgres.Reports, .. sqlite.Reports],
            [.. postgres.Notes, .. sqlite.Notes, postgres.Verdict, sqlite.Verdict]);
    }

    /// <summary>
    /// Two gateways on one PostgreSQL database with leases and idempotency on Redis: Redis killed and restarted
    /// under load, and the chain watcher's lease holder paused (SIGSTOP) past its lease and resumed, so a stale
    /// leader tries to write and must be refused by the fence.
    /// </summary>
    public static async Task<DrillResult> RedisAsync(int restarts, int pauses, int seed, TextWriter progress)
    {
        var lease = TimeSpan.FromSeconds(2);
        await using var world = await DrillWorld.StartAsync(DrillStore.Postgres, redis: true);
        var first = world.AddGateway("gateway-a", lease);
        var second = world.AddGateway("gateway-b", lease);
        var random = new Random(seed);
        return await RunAsync("redis", world, [first, second], seed, progress, async () =>
        {
            for (var i = 1; i <= Math.Max(restarts, pauses); i++)
            {
                if (i <= restarts)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 2500)));
                    await world.Redis!.KillAsync();
                    await Task.Delay(TimeSpan.FromMilliseconds(random.Next(200, 2000)));
                    await world.Redis.LaunchAsync();
                }

                if (i <= pauses)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 2000)));
                    var leader = LeaderOf("LTC", first, second) ?? (random.Next(2) == 0 ? first : second);
                    await leader.PauseAsync();
                    await Task.Delay(lease * 3);
                    await leader.ResumeAsync();
                }

                Progress(progress, i, Math.Max(restarts, pauses), "redis faults");
            }

            return $"{restarts} Redis kills, {pauses} leader pauses past the lease";
        });
    }

    private static async Task<DrillResult> RunAsync(
        string name, DrillWorld world, IReadOnlyList<DrillGateway> gateways, int seed, TextWriter progress, Func<Task<string>> faults)
    {
        foreach (var gateway in gateways)
        {
            await gateway.StartAsync(StartWithin);
        }

        await DrillWorld.CreateDepartmentAsync(gateways[0]);
        progress.WriteLine($"drill {name}: servers up in {world.Directory}; load and faults start");
        var clock = Stopwatch.StartNew();
        var load = new LoadDriver(world, () => gateways, seed);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => load.RunAsync(stop.Token));
        string injected;
        try
        {
            injected = await faults();
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }

        var duration = clock.Elapsed;
        foreach (var gateway in gateways.Where(g => g.ProcessId is null))
        {
            await gateway.StartAsync(StartWithin);
        }

        var unsettled = await load.SettleEverythingAsync(SettleWithin);
        foreach (var gateway in gateways)
        {
            await gateway.StopAsync(TimeSpan.FromSeconds(30));
        }

        var report = await CheckCommand.RunAsync(world.Storage, load.Acknowledged, CancellationToken.None);
        var notes = new List<string>();
        var refused = gateways.Sum(g => FenceRefusals().Count(g.ReadLog()));
        if (gateways.Count > 1)
        {
            notes.Add($"{refused} stale-leader writes refused by the fence (logged 'the write is refused')");
        }

        return new DrillResult(name, injected, load.Invoices, load.Payments, load.Requests, duration, unsettled, [report], notes);
    }

    /// <summary>The gateway whose log last says it took the chain's watcher lease (and has not said it lost it since).</summary>
    private static DrillGateway? LeaderOf(string chain, params DrillGateway[] gateways)
    {
        DrillGateway? leader = null;
        var latest = -1;
        foreach (var gateway in gateways)
        {
            var log = gateway.ReadLog();
            var took = log.LastIndexOf($"{chain}: took the watcher", StringComparison.Ordinal);
            var lost = log.LastIndexOf($"{chain}: lost the watcher", StringComparison.Ordinal);
            if (took > lost && took > latest)
            {
                (leader, latest) = (gateway, took);
            }
        }

        return leader;
    }

    private static void Progress(TextWriter progress, int done, int of, string what)
    {
        if (done == of || done % 10 == 0)
        {
            progress.WriteLine($"  {done}/{of} {what}");
        }
    }

    [GeneratedRegex("the write is refused")]
    private static partial Regex FenceRefusals();
}
