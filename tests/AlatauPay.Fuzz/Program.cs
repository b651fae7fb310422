using System.Globalization;
using AlatauPay.Fuzz;

if (!TryParse(args, out var options))
{
    await Console.Error.WriteLineAsync("usage: AlatauPay.Fuzz [--requests N] [--seed S] [--connections C] [--slow-rounds R] [--only INDEX] [--store sqlite|postgres]");
    return 2;
}

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

await using var gateway = await FuzzGateway.StartAsync(options.Store, stopping.Token);
if (options.Only is { } only)
{
    // Sends request <only> of the seed's sequence alone and shows it with its answer, to reproduce a finding.
    var request = new RequestGenerator(options.Seed, gateway.Known, gateway.Address).Make(only);
    using var connection = new RawConnection(gateway.Address);
    var response = await connection.ExchangeAsync(request.Bytes, request.HeadOnly, request.Endpoint.Streams, stopping.Token);
    Console.WriteLine(System.Text.Encoding.Latin1.GetString(request.Bytes[..Math.Min(request.Bytes.Length, 4000)]));
    Console.WriteLine("---");
    Console.WriteLine(response is null ? "(no answer)" : $"{response.Status} {response.ContentType}\n{response.BodyText}");
    Console.WriteLine(Verdict.Judge(request, response));
    return 0;
}

Console.WriteLine($"Fuzzing the gateway at {gateway.Address} ({(options.Store == FuzzStore.Postgres ? "PostgreSQL" : "SQLite")}) with {options.Requests:N0} requests, seed {options.Seed}, {options.Connections} connections…");
var report = await FuzzRun.RunAsync(gateway, options, stopping.Token);
Console.WriteLine(report.ToText());
return report.Succeeded ? 0 : 1;

static bool TryParse(string[] args, out FuzzOptions options)
{
    options = new FuzzOptions(100_000, 1);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        if (args[i] == "--store")
        {
            options = args[i + 1] switch
            {
                "sqlite" => options with { Store = FuzzStore.Sqlite },
                "postgres" or "postgresql" => options with { Store = FuzzStore.Postgres },
                _ => null!,
            };
            if (options is null)
            {
                return false;
            }

            continue;
        }

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
            "--only" => options with { Only = value },
            _ => null!,
        };
        if (options is null)
        {
            return false;
        }
    }

    return args.Length % 2 == 0;
}
