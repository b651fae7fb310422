using System.Net;
using System.Text.Json.Nodes;

namespace AlatauPay.Api.Tests;

internal static class ApiKeyRequests
{
    public static JsonObject Key(string[] scopes, string[]? departments = null)
    {
        var body = new JsonObject { ["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode)s!)]) };
        if (departments is not null)
        {
            body["departments"] = new JsonArray([.. departments.Select(d => (JsonNode)d!)]);
        }

        return body;
    }

    /// <summary>Creates a key with the admin client; returns its id and secret.</summary>
    public static async Task<(string Id, string Secret)> CreateKeyAsync(this GatewayHost gateway, string[] scopes, string[]? departments = null)
    {
        var created = await (await gateway.Client.PostJsonAsync("/v1/api-keys", Key(scopes, departments).ToJsonString())).ExpectAsync(HttpStatusCode.Created);
        return (created["id"]!.GetValue<string>(), created["key"]!.GetValue<string>());
    }
}
