using System.Net;
using System.Text.Json.Nodes;

namespace AlatauPay.Api.Tests;

/// <summary>Well-formed request bodies; tests change one field at a time to break one rule.</summary>
internal static class Requests
{
    public static JsonObject Department(string code, string? xpub = null) => new()
    {
        ["code"] = code,
        ["name"] = "Alatau Water",
        ["services"] = new JsonArray(
            new JsonObject { ["code"] = "cold-water", ["name"] = "Cold water" },
            new JsonObject { ["code"] = "hot-water", ["name"] = "Hot water" }),
        ["wallets"] = new JsonObject
        {
            ["BTC"] = new JsonObject { ["xpub"] = xpub ?? TestKeys.RegtestTpubFor(code) },
            ["LTC"] = new JsonObject { ["xpub"] = xpub ?? TestKeys.RegtestTpubFor(code) },
        },
        ["speedPolicy"] = "medium",
    };

    public static JsonObject Invoice(string department, string amount = "12345.67", params string[] methods) => new()
    {
        ["department"] = department,
        ["service"] = "cold-water",
        ["payer"] = new JsonObject { ["account"] = "ACC-1001", ["name"] = "Aigerim Nurlanovna" },
        ["amount"] = new JsonObject { ["currency"] = "KZT", ["value"] = amount },
        ["methods"] = new JsonArray([.. (methods.Length == 0 ? ["BTC", "LTC"] : methods).Select(m => (JsonNode)m!)]),
        ["description"] = "Cold water, November 2026",
        ["metadata"] = new JsonObject { ["bill"] = "2026-11-0042" },
    };

    public static async Task CreateDepartmentAsync(this HttpClient client, string code)
    {
        var response = await client.PostJsonAsync("/v1/departments", Department(code).ToJsonString());
        await response.ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>Creates the department unless an earlier test of the same gateway did.</summary>
    public static async Task EnsureDepartmentAsync(this HttpClient client, string code)
    {
        var response = await client.PostJsonAsync("/v1/departments", Department(code).ToJsonString());
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<JsonNode> CreateInvoiceAsync(this HttpClient client, string department, string amount = "12345.67")
    {
        var response = await client.PostJsonAsync("/v1/invoices", Invoice(department, amount).ToJsonString());
        return await response.ExpectAsync(HttpStatusCode.Created);
    }
}
