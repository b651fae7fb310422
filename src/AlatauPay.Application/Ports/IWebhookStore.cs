namespace AlatauPay.Application.Ports;

/// <summary>Webhook endpoints, the deliveries owed to them and every attempt made.</summary>
public interface IWebhookStore
{
    /// <summary>Adds the endpoint; it will receive events recorded from now on.</summary>
    Task AddEndpointAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken);

    /// <summary>The endpoint, unless it does not exist or was deleted.</summary>
    Task<WebhookEndpoint?> FindEndpointAsync(string id, CancellationToken cancellationToken);

    /// <summary>Endpoints not deleted, newest first, after <paramref name="startingAfter"/> when given.</summary>
    Task<IReadOnlyList<WebhookEndpoint>> ListEndpointsAsync(int limit, string? startingAfter, CancellationToken cancellationToken);

    Task UpdateEndpointAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken);

    /// <summary>
    /// Turns up to <paramref name="batch"/> outbox events not yet fanned out into one pending delivery per
    /// enabled endpoint that subscribes to them, in event order; returns how many events it consumed.
    /// </summary>
    Task<int> FanOutAsync(int batch, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// For each enabled endpoint not in <paramref name="busyEndpoints"/>, its oldest pending delivery when that
    /// one is due: an endpoint's deliveries go out one at a time, in order.
    /// </summary>
    Task<IReadOnlyList<DueDelivery>> ListDueAsync(DateTimeOffset now, IReadOnlyCollection<string> busyEndpoints, int limit, CancellationToken cancellationToken);

    Task<WebhookDelivery?> FindDeliveryAsync(string endpointId, string deliveryId, CancellationToken cancellationToken);

    /// <summary>The endpoint's deliveries, newest first, each with its attempts.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string endpointId, int limit, string? startingAfter, CancellationToken cancellationToken);

    /// <summary>Queues the event again for the endpoint, behind whatever it still owes.</summary>
    Task<string> AddDeliveryAsync(string endpointId, string eventId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Records attempt number <paramref name="attempt"/>.<see cref="DeliveryAttempt.Number"/> and the delivery's
    /// new state; false when another writer recorded that attempt first.
    /// </summary>
    Task<bool> RecordAttemptAsync(string deliveryId, DeliveryAttempt attempt, string status, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);
}

/// <summary>
/// A registered receiver. <see cref="Departments"/> null: events of every department. The previous secret
/// keeps signing beside the new one until <see cref="PreviousSecretUntil"/>.
/// </summary>
public sealed record WebhookEndpoint(
    string Id,
    Uri Url,
    IReadOnlyList<string> EventTypes,
    IReadOnlyList<string>? Departments,
    string Secret,
    string? PreviousSecret,
    DateTimeOffset? PreviousSecretUntil,
    string Status,
    string? DisabledReason,
    DateTimeOffset? FailingSince,
    DateTimeOffset CreatedAt);

public sealed record DeliveryAttempt(int Number, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, long DurationMs);

public sealed record WebhookDelivery(
    string Id,
    string EndpointId,
    string EventId,
    string EventType,
    string Status,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    IReadOnlyList<DeliveryAttempt> Attempts);

/// <summary>Everything the dispatcher needs to make one attempt.</summary>
public sealed record DueDelivery(string DeliveryId, string EndpointId, int Attempts, string EventId, string Payload);
