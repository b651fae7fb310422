using System.Net;
using System.Text.Json.Nodes;

namespace AlatauPay.Api.Tests;

/// <summary>A gateway whose dispatcher retries within milliseconds, so delivery tests finish in seconds.</summary>
public class FastWebhooksGateway : GatewayHost
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["AlatauPay:Webhooks:InitialBackoff"] = "00:00:00.100";
        settings["AlatauPay:Webhooks:MaxBackoff"] = "00:00:00.300";
        settings["AlatauPay:Webhooks:Timeout"] = "00:00:00.500";
        settings["AlatauPay:Webhooks:PollInterval"] = "00:00:00.050";
    }
}

internal static class WebhookRequests
{
    public static JsonObject Endpoint(string url, string department, params string[] types) => new()
    {
        ["url"] = url,
        ["eventTypes"] = new JsonArray([.. (types.Length == 0 ? ["invoice.created"] : types).Select(t => (JsonNode)t!)]),
        ["departments"] = new JsonArray(department),
    };

    /// <summary>Registers an endpoint for the department's events; returns its id and signing secret.</summary>
    public static async Task<(string Id, string Secret)> RegisterAsync(this HttpClient client, string url, string department, params string[] types)
    {
        var created = await (await client.PostJsonAsync("/v1/webhooks", Endpoint(url, department, types).ToJsonString())).ExpectAsync(HttpStatusCode.Created);
        return (created["id"]!.GetValue<string>(), created["secret"]!.GetValue<string>());
    }

    public static async Task<JsonArray> DeliveriesAsync(this HttpClient client, string webhookId)
    {
        var page = await (await client.GetAsync($"/v1/webhooks/{webhookId}/deliveries?limit=100")).ExpectAsync(HttpStatusCode.OK);
        return page["data"]!.AsArray();
    }
}
