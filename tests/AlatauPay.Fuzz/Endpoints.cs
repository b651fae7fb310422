namespace AlatauPay.Fuzz;

/// <summary>What a 2xx answer to a request acknowledges having written, for the audit after the run.</summary>
public enum Write
{
    None,
    Department,
    Invoice,
    Webhook,
    ApiKey,
    Other,
}

/// <summary>One route of the gateway: its method, path template, valid body and query parameters.</summary>
public sealed record Endpoint(string Method, string Template, string? Body, string[] Query, Write Writes = Write.None, bool Streams = false)
{
    /// <summary>
    /// Every operation of <c>contracts/api/openapi.v1.json</c> (checked against it by a test), and the
    /// routes outside it: the checkout pages, health, metrics and the OpenAPI document itself.
    /// </summary>
    public static readonly Endpoint[] All =
    [
        new("POST", "/v1/api-keys", RequestBodies.ApiKey, [], Write.ApiKey),
        new("GET", "/v1/api-keys", null, ["limit", "startingAfter"]),
        new("DELETE", "/v1/api-keys/{id}", null, [], Write.Other),
        new("POST", "/v1/webhooks", RequestBodies.Webhook, [], Write.Webhook),
        new("GET", "/v1/webhooks", null, ["limit", "startingAfter"]),
        new("GET", "/v1/webhooks/{id}", null, []),
        new("DELETE", "/v1/webhooks/{id}", null, [], Write.Other),
        new("POST", "/v1/webhooks/{id}/rotate-secret", null, [], Write.Other),
        new("POST", "/v1/webhooks/{id}/enable", null, [], Write.Other),
        new("GET", "/v1/webhooks/{id}/deliveries", null, ["limit", "startingAfter"]),
        new("POST", "/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver", null, [], Write.Other),
        new("GET", "/v1/events", null, ["type", "limit", "startingAfter"]),
        new("GET", "/v1/events/{id}", null, []),
        new("POST", "/v1/departments", "department", [], Write.Department),
        new("GET", "/v1/departments", null, ["limit", "startingAfter"]),
        new("GET", "/v1/departments/{code}", null, []),
        new("POST", "/v1/invoices", RequestBodies.Invoice, [], Write.Invoice),
        new("GET", "/v1/invoices", null, ["department", "status", "limit", "startingAfter"]),
        new("GET", "/v1/invoices/{id}", null, []),
        new("POST", "/v1/invoices/{id}/cancel", null, [], Write.Other),
        new("GET", "/v1/chains", null, []),
        new("POST", "/v1/chains/{chain}/rescan", RequestBodies.Rescan, [], Write.Other),
        new("GET", "/v1/invoices/{id}/trail", null, []),
        new("GET", "/v1/invoices/{id}/receipt", null, []),
        new("GET", "/v1/ledger/accounts", null, ["limit", "startingAfter"]),
        new("GET", "/v1/ledger/accounts/{account}/balance", null, ["asOf", "basis"]),
        new("GET", "/v1/ledger/entries", null, ["account", "invoice", "from", "to", "basis", "limit", "startingAfter"]),
        new("GET", "/v1/ledger/entries/{id}", null, []),
        new("GET", "/v1/ledger/trial-balance", null, ["asOf", "basis"]),
        new("GET", "/v1/ledger/export", null, ["from", "to", "basis", "format", "treeSize"]),
        new("GET", "/v1/ledger/tree-head", null, []),
        new("GET", "/v1/ledger/signing-key", null, []),
        new("GET", "/v1/ledger/entries/{id}/proof", null, ["treeSize"]),
        new("GET", "/v1/ledger/consistency", null, ["from", "to"]),
        new("GET", "/pay/{id}", null, ["lang"]),
        new("GET", "/pay/{id}/events", null, [], Streams: true),
        new("GET", "/pay/{id}/status", null, []),
        new("GET", "/pay/{id}/receipt", null, []),
        new("GET", "/pay/{id}/receipt.json", null, []),
        new("GET", "/pay/assets/{name}", null, []),
        new("GET", "/health/live", null, []),
        new("GET", "/health/ready", null, []),
        new("GET", "/metrics", null, []),
        new("GET", "/openapi/v1.json", null, []),
    ];
}
