using System.Globalization;
using AlatauPay.Fuzz;

if (!TryParse(args, out var options))
{
    await Console.Error.WriteLineAsync("usage: AlatauPay.Fuzz [--requests N] [--seed S] [--connections C] [--slow-rounds R]");
    return 2;
}

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

await using var gateway = await FuzzGateway.StartAsync(stopping.Token);
Console.WriteLine($"Fuzzing the gateway at {gateway.Address} (SQLite) with {options.Requests:N0} requests, seed {options.Seed}, {options.Connections} connections…");
var report = await FuzzRun.RunAsync(gateway, options, stopping.Token);
Console.WriteLine(report.ToText());
return report.Succeeded ? 0 : 1;

static bool TryParse(string[] args, out FuzzOptions options)
{
    options = new FuzzOptions(100_000, 1);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        if (!int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        options = args[i] switch
        {
            "--requests" => options with { Requests = value },
            "--seed" => options with { Seed = value },
            "--connections" => options with { Connections = Math.Max(1, value) },
            "--slow-rounds" => options with { SlowClients = value },
            _ => null!,
        };
        if (options is null)
        {
            return false;
        }
    }

    return args.Length % 2 == 0;
}
