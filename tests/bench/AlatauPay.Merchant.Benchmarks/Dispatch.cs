using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace AlatauPay.Merchant.Benchmarks;

/// <summary>Webhook dispatcher: backlog drain rate (deliveries/s) and commit-to-delivery latency.</summary>
internal static class Dispatch
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["AlatauPay:Webhooks:InitialBackoff"] = "00:00:00.050",
        ["AlatauPay:Webhooks:MaxBackoff"] = "00:00:00.100",
    };

    public static async Task RunAsync(string department, string invoice)
    {
        Console.WriteLine("| dispatcher | deliveries | result |");
        Console.WriteLine("| --- | ---: | --- |");
        foreach (var endpoints in new[] { 1, 8 })
        {
            await DrainAsync(department, invoice, endpoints, 1600 / endpoints);
        }

        await LatencyAsync(department, invoice, 300);
    }

    private static async Task DrainAsync(string department, string invoice, int endpoints, int invoices)
    {
        await using var receiver = await Receiver.StartAsync();
        await using var gateway = await BenchGateway.StartAsync(Settings);
        await gateway.PostAsync("/v1/departments", department, Guid.NewGuid().ToString());
        for (var e = 0; e < endpoints; e++)
        {
            await RegisterAsync(gateway, receiver, $"e{e}");
        }

        receiver.Failing = true;
        await Measure.RunAsync("backlog", invoices, 8, _ => gateway.PostAsync("/v1/invoices", invoice, null));
        var total = invoices * endpoints;
        var started = Stopwatch.GetTimestamp();
        receiver.Failing = false;
        while (Volatile.Read(ref receiver.Successes) < total)
        {
            await Task.Delay(5);
        }

        var seconds = (receiver.Arrivals.Values.Max() - started) / (double)Stopwatch.Frequency;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| backlog drain, {endpoints} endpoint(s) | {total} | {total / seconds:F0} deliveries/s |"));
    }

    private static async Task LatencyAsync(string department, string invoice, int count)
    {
        await using var receiver = await Receiver.StartAsync();
        await using var gateway = await BenchGateway.StartAsync(new Dictionary<string, string?>());
        await gateway.PostAsync("/v1/departments", department, Guid.NewGuid().ToString());
        await RegisterAsync(gateway, receiver, "latency");
        var committed = new Dictionary<string, long>();
        for (var i = 0; i < count; i++)
        {
            var response = await gateway.PostAsync("/v1/invoices", invoice, null);
            var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            committed[id] = Stopwatch.GetTimestamp();
            await Task.Delay(10);
        }

        while (Volatile.Read(ref receiver.Successes) < count)
        {
            await Task.Delay(5);
        }

        var latencies = committed.Select(c => (receiver.Arrivals[$"latency/{c.Key}"] - c.Value) * 1000.0 / Stopwatch.Frequency).ToList();
        var figures = Measure.Summarise("latency", latencies, TimeSpan.FromSeconds(1));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| commit to delivery, one endpoint, idle | {count} | p50 {figures.P50Ms:F2} ms, p99 {figures.P99Ms:F2} ms |"));
    }

    private static async Task RegisterAsync(BenchGateway gateway, Receiver receiver, string name)
    {
        var body = JsonSerializer.Serialize(new { url = receiver.Url($"/hooks/{name}").ToString(), eventTypes = new[] { "invoice.created" } });
        await gateway.PostAsync("/v1/webhooks", body, Guid.NewGuid().ToString());
    }
}
