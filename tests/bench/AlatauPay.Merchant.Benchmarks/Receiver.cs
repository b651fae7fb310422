using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AlatauPay.Merchant.Benchmarks;

/// <summary>A local webhook receiver noting when each invoice's event first arrived successfully.</summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private Receiver(WebApplication app) => this.app = app;

    public volatile bool Failing;

    public ConcurrentDictionary<string, long> Arrivals { get; } = new();

    public int Successes;

    public Uri Url(string path) => new(new Uri(app.Urls.Single()), path);

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var receiver = new Receiver(builder.Build());
        receiver.app.MapPost("/hooks/{name}", receiver.HandleAsync);
        await receiver.app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(string name, HttpRequest request)
    {
        if (Failing)
        {
            return Results.StatusCode(503);
        }

        using var body = await JsonDocument.ParseAsync(request.Body);
        var invoice = body.RootElement.GetProperty("data").GetProperty("id").GetString()!;
        Arrivals.TryAdd($"{name}/{invoice}", Stopwatch.GetTimestamp());
        Interlocked.Increment(ref Successes);
        return Results.Ok();
    }
}
