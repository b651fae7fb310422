using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using AlatauPay.Domain.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.EndToEnd.Tests;

internal static class GatewayCalls
{
    public static async Task CreateDepartmentAsync(this HttpClient client, string code, string chain, string key)
    {
        var body = new JsonObject
        {
            ["code"] = code,
            ["name"] = "Alatau Water",
            ["services"] = new JsonArray(new JsonObject { ["code"] = "cold-water", ["name"] = "Cold water" }),
            ["wallets"] = new JsonObject { [chain] = new JsonObject { ["xpub"] = key } },
            ["speedPolicy"] = "medium",
        };
        var response = await client.PostAsync("/v1/departments", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public static async Task<Bill> CreateInvoiceAsync(this HttpClient client, string chain, string? speedPolicy = null, int? expiresInMinutes = null)
    {
        var body = new JsonObject
        {
            ["department"] = "water",
            ["service"] = "cold-water",
            ["payer"] = new JsonObject { ["account"] = "ACC-1001" },
            ["amount"] = new JsonObject { ["currency"] = "KZT", ["value"] = "12345.67" },
            ["methods"] = new JsonArray(chain),
            ["speedPolicy"] = speedPolicy,
            ["expiresInMinutes"] = expiresInMinutes,
        };
        var response = await client.PostAsync("/v1/invoices", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var invoice = JsonNode.Parse(text)!;
        var method = invoice["paymentMethods"]![0]!;
        return new Bill(
            invoice["id"]!.GetValue<string>(),
            method["destination"]!.GetValue<string>(),
            decimal.Parse(method["due"]!["value"]!.GetValue<string>(), CultureInfo.InvariantCulture));
    }

    public static async Task<JsonNode> GetInvoiceAsync(this HttpClient client, string id) =>
        JsonNode.Parse(await client.GetStringAsync($"/v1/invoices/{id}"))!;

    /// <summary>Waits until the invoice reaches <paramref name="status"/> (and has <paramref name="flag"/>, when given).</summary>
    public static async Task<JsonNode> WaitForStatusAsync(this HttpClient client, string id, string status, string? flag = null, int seconds = 30)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        JsonNode invoice;
        do
        {
            invoice = await client.GetInvoiceAsync(id);
            var flags = invoice["additionalStatus"]!.AsArray().Select(f => f!.GetValue<string>());
            if (invoice["status"]!.GetValue<string>() == status && (flag is null || flags.Contains(flag)))
            {
                return invoice;
            }

            await Task.Delay(50, CancellationToken.None);
        }
        while (!deadline.IsCancellationRequested);

        Assert.Fail($"Invoice {id} did not become {status}{(flag is null ? "" : $" with {flag}")} within {seconds} s; it is {invoice.ToJsonString()}");
        return invoice;
    }

    /// <summary>Waits until the watcher has processed the node's current tip.</summary>
    public static async Task WaitForTipAsync(this PaymentGateway gateway, int seconds = 30)
    {
        var tip = await gateway.Node.GetBestBlockHashAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!deadline.IsCancellationRequested)
        {
            var chains = JsonNode.Parse(await gateway.Client.GetStringAsync("/v1/chains"))!.AsArray();
            // Only a poll of this process counts: a gateway just (re)started lists the stored tip before it polls.
            var chain = chains.SingleOrDefault(c => c!["chain"]!.GetValue<string>() == gateway.Chain);
            if (chain?["lastBlockHash"]?.GetValue<string>() == tip && chain?["lastPollAt"] is not null)
            {
                return;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Fail($"The {gateway.Chain} watcher did not reach tip {tip} within {seconds} s.");
    }

    public static async Task<IReadOnlyList<string>> EntryKeysAsync(this PaymentGateway gateway, string invoiceId)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        var entries = await scope.ServiceProvider.GetRequiredService<ILedgerRepository>().ListByInvoiceAsync(invoiceId, CancellationToken.None);
        foreach (var entry in entries)
        {
            Assert.All(LedgerEntry.Imbalances(entry.Entry.Postings).Values, imbalance => Assert.True(imbalance.IsZero));
        }

        return [.. entries.Select(e => e.Entry.Key)];
    }

    public static async Task<IReadOnlyList<StoredLedgerEntry>> EntriesAsync(this PaymentGateway gateway, string invoiceId)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ILedgerRepository>().ListByInvoiceAsync(invoiceId, CancellationToken.None);
    }

    public static async Task<IReadOnlyList<PaymentObservation>> PaymentsAsync(this PaymentGateway gateway, string invoiceId)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IChainStore>().ListPaymentsAsync(InvoiceId.Parse(invoiceId), CancellationToken.None);
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}

/// <summary>An invoice as the resident sees it: where to pay and how much.</summary>
public sealed record Bill(string Id, string Address, decimal Due);
