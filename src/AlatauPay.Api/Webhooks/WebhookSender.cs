using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using AlatauPay.Application.Ports;
using AlatauPay.Application.Webhooks;

namespace AlatauPay.Api.Webhooks;

/// <summary>Makes one signed attempt. Never throws for the receiver's faults: they become the attempt's outcome.</summary>
internal sealed class WebhookSender(IHttpClientFactory clients, TimeProvider clock)
{
    public const string ClientName = "webhooks";

    public async Task<DeliveryAttempt> SendAsync(WebhookEndpoint endpoint, DueDelivery delivery, CancellationToken cancellationToken)
    {
        var attemptedAt = clock.GetUtcNow();
        var timestamp = attemptedAt.ToUnixTimeSeconds();
        var secrets = endpoint.PreviousSecret is not null && endpoint.PreviousSecretUntil > attemptedAt
            ? new[] { endpoint.Secret, endpoint.PreviousSecret }
            : [endpoint.Secret];
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("webhook-id", delivery.EventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Header(secrets, delivery.EventId, timestamp, delivery.Payload));

        var started = Stopwatch.GetTimestamp();
        var (status, error) = await PostAsync(request, cancellationToken);
        var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new DeliveryAttempt(delivery.Attempts + 1, attemptedAt, status, error, elapsed);
    }

    private async Task<(int? Status, string? Error)> PostAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return ((int)response.StatusCode, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "timeout");
        }
        catch (HttpRequestException failure) when (failure.InnerException is NonPublicReceiverException)
        {
            return (null, "refused: the receiver resolves to no public address");
        }
        catch (HttpRequestException failure)
        {
            // The error kind, never the message: it could echo parts of the URL.
            return (null, $"connection: {failure.HttpRequestError}");
        }
    }
}
