using System.Text.Json;
using AlatauPay.Merchant.Benchmarks;

// Idempotent POST replay against the same POST without a key and with a fresh key, on the database
// store and on Redis, then the webhook dispatcher's throughput and its commit-to-delivery latency.
// Every ratio is against a baseline measured in this same run.
const int Requests = 1500;
const int Workers = 8;
const string Vpub = "vpub5Y6cjg78GGuNLsaPhmYsiw4gYX3HoQiRBiSwDaBXKUafCt9bNwWQiitDk5VZ5BVxYnQdwoTyXSs2JHRPAgjAvtbBrf8ZhDYe2jWAqvZVnsc";
var department = JsonSerializer.Serialize(new
{
    code = "bench",
    name = "Bench",
    services = new[] { new { code = "cold-water", name = "Cold water" } },
    wallets = new Dictionary<string, object> { ["BTC"] = new { xpub = Vpub } },
});
var invoice = JsonSerializer.Serialize(new
{
    department = "bench",
    service = "cold-water",
    payer = new { account = "ACC-1" },
    amount = new { currency = "KZT", value = "12345.67" },
    methods = new[] { "BTC" },
});

Console.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInformationText()}; {Requests} requests per row on {Workers} concurrent clients");
Console.WriteLine();
Console.WriteLine("| scenario | requests | p50 ms | p99 ms | requests/s | ratio to no key |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");

Figures? baseline = null;
await using (var redis = await RedisProcess.StartAsync())
{
    foreach (var (store, settings) in new[]
    {
        ("database", new Dictionary<string, string?>()),
        ("Redis", new Dictionary<string, string?> { ["AlatauPay:Redis:Configuration"] = redis.Configuration }),
    })
    {
        await using var gateway = await BenchGateway.StartAsync(settings);
        await gateway.PostAsync("/v1/departments", department, Guid.NewGuid().ToString());
        await Measure.RunAsync("warm-up", 200, Workers, _ => gateway.PostAsync("/v1/invoices", invoice, null));
        if (baseline is null)
        {
            baseline = await Measure.RunAsync("POST /v1/invoices without a key", Requests, Workers, _ => gateway.PostAsync("/v1/invoices", invoice, null));
            Console.WriteLine(baseline.Row(null));
        }

        var keys = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid().ToString()).ToArray();
        var fresh = await Measure.RunAsync($"{store}: POST with a new key", Requests, Workers, i => gateway.PostAsync("/v1/invoices", invoice, i < keys.Length ? keys[i] : Guid.NewGuid().ToString()));
        Console.WriteLine(fresh.Row(baseline));
        var replay = await Measure.RunAsync($"{store}: replay of a stored key", Requests, Workers, i => gateway.PostAsync("/v1/invoices", invoice, keys[i % keys.Length]));
        Console.WriteLine(replay.Row(baseline));
    }
}

Console.WriteLine();
await Dispatch.RunAsync(department, invoice);

static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
