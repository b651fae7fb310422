using AlatauPay.Application.Access;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;

namespace AlatauPay.Application.Webhooks;

/// <summary>A department-restricted key manages only endpoints filtered to departments it may act on.</summary>
public static class WebhookAccess
{
    public static bool MaySee(this Caller caller, WebhookEndpoint endpoint) =>
        caller.Departments is null || (endpoint.Departments is { } departments && departments.All(caller.MayAccess));

    /// <summary>The endpoint, or 404 when it does not exist, was deleted, or the caller may not see it.</summary>
    public static async Task<WebhookEndpoint> FindVisibleAsync(this IWebhookStore store, string id, Caller caller, CancellationToken cancellationToken)
    {
        var endpoint = await store.FindEndpointAsync(id, cancellationToken);
        return endpoint is not null && caller.MaySee(endpoint)
            ? endpoint
            : throw new ResourceNotFoundException("webhook-not-found", $"There is no webhook endpoint '{id}'.");
    }
}
