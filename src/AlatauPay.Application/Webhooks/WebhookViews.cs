using AlatauPay.Application.Ports;

namespace AlatauPay.Application.Webhooks;

/// <summary>An endpoint as the API shows it; the signing secret is shown only when it is created or rotated.</summary>
public sealed record WebhookView(
    string Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    IReadOnlyList<string>? Departments,
    string Status,
    string? DisabledReason,
    DateTimeOffset CreatedAt)
{
    /// <summary><c>whsec_</c> + base64; present only in the answer that created or rotated it.</summary>
    public string? Secret { get; init; }

    public static WebhookView From(WebhookEndpoint endpoint) => new(
        endpoint.Id, endpoint.Url.ToString(), endpoint.EventTypes, endpoint.Departments, endpoint.Status, endpoint.DisabledReason, endpoint.CreatedAt);
}

public sealed record DeliveryView(
    string Id,
    string EventId,
    string EventType,
    string Status,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    IReadOnlyList<AttemptView> Attempts)
{
    public static DeliveryView From(WebhookDelivery delivery) => new(
        delivery.Id,
        delivery.EventId,
        delivery.EventType,
        delivery.Status,
        delivery.Status == "pending" ? delivery.NextAttemptAt : null,
        delivery.CreatedAt,
        [.. delivery.Attempts.Select(a => new AttemptView(a.Number, a.AttemptedAt, a.StatusCode, a.Error, a.DurationMs))]);
}

public sealed record AttemptView(int Number, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, long DurationMs);
