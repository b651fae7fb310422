using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AlatauPay.Api.Tests;

/// <summary>How a receiver path answers: 2xx, 500, too slow for the gateway's timeout, or 410 Gone.</summary>
public enum ReceiverMode
{
    Ok,
    Fail,
    Slow,
    Gone,
}

/// <summary>A merchant's webhook receiver on a real Kestrel at a loopback port; each path has its own mode.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, ReceiverMode> modes = new();
    private readonly ConcurrentQueue<Received> received = new();
    private readonly CancellationTokenSource stopping = new();
    private int arrivals;

    private WebhookReceiver(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Requests that have arrived, counted as they arrive (a slow one is in <see cref="For"/> only once answered).</summary>
    public int Arrivals => Volatile.Read(ref arrivals);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var receiver = new WebhookReceiver(builder.Build());
        receiver.app.MapPost("/hooks/{name}", receiver.HandleAsync);
        await receiver.app.StartAsync();
        receiver.BaseAddress = new Uri(receiver.app.Urls.Single());
        return receiver;
    }

    public string UrlFor(string name) => new Uri(BaseAddress, $"/hooks/{name}").ToString();

    public void Set(string name, ReceiverMode mode) => modes[name] = mode;

    public IReadOnlyList<Received> For(string name) => [.. received.Where(r => r.Name == name)];

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }

    private async Task<IResult> HandleAsync(string name, HttpRequest request)
    {
        Interlocked.Increment(ref arrivals);
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var mode = modes.GetValueOrDefault(name, ReceiverMode.Ok);
        var status = mode switch { ReceiverMode.Fail => 500, ReceiverMode.Gone => 410, _ => 200 };
        if (mode == ReceiverMode.Slow)
        {
            await Task.Delay(SlowDelay, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        received.Enqueue(new Received(
            name,
            request.Headers["webhook-id"].ToString(),
            request.Headers["webhook-timestamp"].ToString(),
            request.Headers["webhook-signature"].ToString(),
            body,
            mode == ReceiverMode.Slow ? 0 : status,
            DateTimeOffset.UtcNow));
        return Results.StatusCode(status);
    }
}

/// <summary>One request as the receiver saw it; <see cref="Status"/> 0 when the gateway had given up waiting.</summary>
public sealed record Received(string Name, string Id, string Timestamp, string Signature, string Body, int Status, DateTimeOffset At)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}");
            await Task.Delay(25);
        }
    }

    public static Task WaitAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitAsync(() => Task.FromResult(condition()), what, timeout);
}
