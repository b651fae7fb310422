using AlatauPay.Application.Ports;
using Mediator;
using Microsoft.Extensions.Options;

namespace AlatauPay.Application.Webhooks.Dispatch;

/// <summary>
/// What one attempt to deliver came to. A 2xx delivers; 410 disables the endpoint; anything else schedules
/// the next attempt, and an endpoint that has not succeeded for <see cref="WebhookOptions.DisableAfter"/> is disabled.
/// </summary>
public sealed record RecordAttemptCommand(DueDelivery Delivery, DeliveryAttempt Attempt) : ICommand<string>;

public sealed class RecordAttemptHandler(IWebhookStore store, IOptions<WebhookOptions> options)
    : ICommandHandler<RecordAttemptCommand, string>
{
    public async ValueTask<string> Handle(RecordAttemptCommand command, CancellationToken cancellationToken)
    {
        var (delivery, attempt) = (command.Delivery, command.Attempt);
        var endpoint = await store.FindEndpointAsync(delivery.EndpointId, cancellationToken);
        var now = attempt.AttemptedAt;
        var (status, next, changed) = attempt.StatusCode switch
        {
            >= 200 and < 300 => ("delivered", now, endpoint is { FailingSince: not null } ? endpoint with { FailingSince = null } : null),
            410 => ("failed", now, endpoint is null ? null : Disable(endpoint, "gone")),
            _ => ("pending", now + RetrySchedule.After(attempt.Number, options.Value, Random.Shared.NextDouble()), Failing(endpoint, now)),
        };

        if (!await store.RecordAttemptAsync(delivery.DeliveryId, attempt, status, next, cancellationToken))
        {
            return "superseded";
        }

        if (changed is not null)
        {
            await store.UpdateEndpointAsync(changed, cancellationToken);
        }

        return status;
    }

    private WebhookEndpoint? Failing(WebhookEndpoint? endpoint, DateTimeOffset now)
    {
        if (endpoint is null)
        {
            return null;
        }

        var since = endpoint.FailingSince ?? now;
        return now - since >= options.Value.DisableAfter
            ? Disable(endpoint, "failing")
            : endpoint.FailingSince is null ? endpoint with { FailingSince = now } : null;
    }

    private static WebhookEndpoint Disable(WebhookEndpoint endpoint, string reason) =>
        endpoint with { Status = "disabled", DisabledReason = reason };
}
