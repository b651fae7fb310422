using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AlatauPay.Testing;

/// <summary>How one endpoint of <see cref="HostileWebhookReceiver"/> treats a delivery.</summary>
public enum HookBehaviour
{
    /// <summary>Answers 204 at once.</summary>
    Healthy,

    /// <summary>Answers 500.</summary>
    Failing,

    /// <summary>Never answers: holds the request open until the sender gives up.</summary>
    Hanging,

    /// <summary>Answers 204, but only after <see cref="HostileWebhookReceiver.SlowDelay"/>, past the sender's timeout.</summary>
    Slow,

    /// <summary>Answers 410 Gone: the receiver wants no more deliveries.</summary>
    Gone,
}

/// <summary>
/// Webhook receivers that misbehave on purpose, on a real Kestrel on a loopback port: each endpoint
/// (<c>/hooks/{name}</c>) fails, hangs, answers too slowly or answers 410 as told, and may be switched while
/// deliveries arrive. Every request is recorded with its event id, whether its signature verifies against
/// the endpoint's secret, and how it ended, so a drill can check at-least-once delivery without gaps,
/// stable event ids and retries with backoff.
/// </summary>
public sealed class HostileWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, HookBehaviour> behaviours = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<HookRequest> requests = new();
    private readonly CancellationTokenSource stopping = new();

    private HostileWebhookReceiver(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How long a <see cref="HookBehaviour.Slow"/> endpoint takes to answer.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(5);

    public static async Task<HostileWebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new HostileWebhookReceiver(builder.Build());
        receiver.app.MapPost("/hooks/{name}", receiver.HandleAsync);
        await receiver.app.StartAsync();
        receiver.BaseAddress = new Uri(receiver.app.Urls.Single());
        return receiver;
    }

    public string UrlFor(string name) => new Uri(BaseAddress, $"/hooks/{name}").ToString();

    public void Set(string name, HookBehaviour behaviour) => behaviours[name] = behaviour;

    /// <summary>The endpoint's signing secret (<c>whsec_…</c>), as the gateway showed it once at registration.</summary>
    public void Trust(string name, string secret) => secrets[name] = secret;

    /// <summary>Every request to <paramref name="name"/>, in arrival order.</summary>
    public IReadOnlyList<HookRequest> For(string name) => [.. requests.Where(r => r.Name == name)];

    /// <summary>Event ids <paramref name="name"/> acknowledged with 2xx (what the gateway may count as delivered).</summary>
    public IReadOnlySet<string> Acknowledged(string name) =>
        requests.Where(r => r.Name == name && r.Outcome == HookOutcome.Acknowledged).Select(r => r.EventId).ToHashSet(StringComparer.Ordinal);

    public IReadOnlyList<HookRequest> All => [.. requests];

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }

    private async Task HandleAsync(string name, HttpContext context)
    {
        var received = DateTimeOffset.UtcNow;
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var id = context.Request.Headers["webhook-id"].ToString();
        var timestamp = context.Request.Headers["webhook-timestamp"].ToString();
        var signature = context.Request.Headers["webhook-signature"].ToString();
        var behaviour = behaviours.GetValueOrDefault(name, HookBehaviour.Healthy);
        var outcome = behaviour switch
        {
            HookBehaviour.Failing => HookOutcome.Failed,
            HookBehaviour.Gone => HookOutcome.Gone,
            _ => HookOutcome.Acknowledged,
        };

        if (behaviour is HookBehaviour.Hanging or HookBehaviour.Slow)
        {
            var wait = behaviour == HookBehaviour.Hanging ? Timeout.InfiniteTimeSpan : SlowDelay;
            using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
            try
            {
                await Task.Delay(wait, either.Token);
            }
            catch (OperationCanceledException)
            {
                outcome = HookOutcome.Abandoned;
            }
        }

        requests.Enqueue(new HookRequest(name, id, timestamp, body, Verifies(name, id, timestamp, body, signature), behaviour, outcome, received));
        if (outcome != HookOutcome.Abandoned)
        {
            context.Response.StatusCode = outcome switch
            {
                HookOutcome.Failed => StatusCodes.Status500InternalServerError,
                HookOutcome.Gone => StatusCodes.Status410Gone,
                _ => StatusCodes.Status204NoContent,
            };
        }
    }

    /// <summary>Standard Webhooks: any <c>v1,</c> signature equal to HMAC-SHA256 of <c>id.timestamp.body</c> under the secret's key.</summary>
    private bool? Verifies(string name, string id, string timestamp, string body, string header)
    {
        if (!secrets.TryGetValue(name, out var secret))
        {
            return null;
        }

        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}.{body}")));
        return header.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Any(s => CryptographicOperations.FixedTimeEquals(expected, TryBase64(s[3..])));
    }

    private static byte[] TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : [];
    }
}

/// <summary>How one request to a hostile endpoint ended.</summary>
public enum HookOutcome
{
    Acknowledged,
    Failed,
    Gone,

    /// <summary>The sender gave up (timed out) before the endpoint answered.</summary>
    Abandoned,
}

/// <summary>One delivery attempt as the receiving endpoint saw it; <see cref="SignatureValid"/> is null when no secret was given.</summary>
public sealed record HookRequest(
    string Name, string EventId, string Timestamp, string Body, bool? SignatureValid, HookBehaviour Behaviour, HookOutcome Outcome, DateTimeOffset ReceivedAt);
