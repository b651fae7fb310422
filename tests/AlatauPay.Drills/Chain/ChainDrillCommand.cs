namespace AlatauPay.Drills.Chain;

/// <summary><c>ops/drills/run chain [--rounds 100] [--seed N]</c>: the full chain drill, with its one-line verdict.</summary>
public static class ChainDrillCommand
{
    public static async Task<int> RunAsync(int rounds, int seed)
    {
        var options = new ChainDrillOptions(rounds, seed);
        Console.WriteLine($"drill chain: {rounds} rounds, seed {seed}; starting litecoind, anvil, the proxies and the gateway");
        await using var rig = await ChainDrillRig.StartAsync(options.Payments);
        var report = await new ChainDrill(rig, options, Console.WriteLine).RunAsync(CancellationToken.None);
        return report.Violations.Count == 0 ? 0 : 1;
    }
}
