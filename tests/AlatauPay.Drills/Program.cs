using System.Globalization;

namespace AlatauPay.Drills;

/// <summary>
/// <c>ops/drills/run crash [--kills 100] [--store sqlite|postgres] [--seed N]</c>,
/// <c>ops/drills/run database [--restarts 20]</c>, <c>ops/drills/run redis [--restarts 10] [--pauses 10]</c>,
/// <c>ops/drills/run chain [--rounds 100]</c>,
/// <c>ops/drills/run webhooks [--events 500] [--restarts 20] [--store sqlite|postgres]</c>.
/// Prints progress and a one-line verdict; exit 0 with no violation, 1 with any, 2 on bad arguments.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync("usage: run crash|database|redis|chain|webhooks [--kills N] [--rounds N] [--restarts N] [--pauses N] [--events N] [--store sqlite|postgres] [--seed N]");
            return 2;
        }

        var seed = Option(args, "--seed", Environment.TickCount);
        if (args[0] == "chain")
        {
            return await Chain.ChainDrillCommand.RunAsync(Option(args, "--rounds", 100), seed);
        }

        var store = Text(args, "--store") == "postgres" ? DrillStore.Postgres : DrillStore.Sqlite;
        var result = args[0] switch
        {
            "crash" => await Drills.CrashAsync(Option(args, "--kills", 100), store, seed, Console.Out),
            "database" => await Drills.DatabaseAsync(Option(args, "--restarts", 20), seed, Console.Out),
            "redis" => await Drills.RedisAsync(Option(args, "--restarts", 10), Option(args, "--pauses", 10), seed, Console.Out),
            "webhooks" => await Drills.WebhooksAsync(Option(args, "--events", 500), Option(args, "--restarts", 20), store, seed, Console.Out),
            _ => null,
        };
        if (result is null)
        {
            await Console.Error.WriteLineAsync($"unknown drill '{args[0]}': crash, database, redis, chain or webhooks");
            return 2;
        }

        Console.WriteLine($"seed {seed}");
        result.Print(Console.Out);
        return result.Violations == 0 ? 0 : 1;
    }

    private static string? Text(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static int Option(string[] args, string name, int fallback) =>
        Text(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
