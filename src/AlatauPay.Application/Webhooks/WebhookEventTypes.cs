namespace AlatauPay.Application.Webhooks;

/// <summary>
/// The event types an endpoint may subscribe to. <c>invoice.cancelled</c> is not in the list but the
/// gateway emits it when a merchant cancels, so subscribers may ask for it too.
/// </summary>
public static class WebhookEventTypes
{
    public static IReadOnlyList<string> All { get; } =
    [
        "invoice.created",
        "invoice.payment_seen",
        "invoice.processing",
        "invoice.settled",
        "invoice.expired",
        "invoice.invalid",
        "invoice.paid_late",
        "invoice.reversed",
        "invoice.cancelled",
    ];

    public static bool IsKnown(string? type) => type is not null && All.Contains(type, StringComparer.Ordinal);
}
