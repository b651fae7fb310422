using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlatauPay.Application.Invoices.Settle;
using AlatauPay.Application.Webhooks;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using AlatauPay.Testing;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Api.Tests;

/// <summary>The running server keeps the published contract: its OpenAPI document and its events' JSON Schemas.</summary>
public sealed class ContractTests(FastWebhooksGateway gateway) : IClassFixture<FastWebhooksGateway>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };


    [Fact]
    public async Task TheServedOpenApiDocumentIsTheCommittedOne()
    {
        var served = await (await gateway.Anonymous.GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        served.AsObject().Remove("servers");
        var text = served.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";

        if (Environment.GetEnvironmentVariable(Contracts.UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(Contracts.OpenApiPath, text);
        }

        Assert.True(File.Exists(Contracts.OpenApiPath), $"{Contracts.OpenApiPath} is missing; run the tests with {Contracts.UpdateVariable}=1 to write it.");
        var committed = (await File.ReadAllTextAsync(Contracts.OpenApiPath)).ReplaceLineEndings("\n");
        Assert.True(committed == text, $"The API differs from contracts/api/openapi.v1.json; if the change is intended, run the tests with {Contracts.UpdateVariable}=1 and commit the file.");
    }

    [Fact]
    public void EveryEventTypeHasASchema() =>
        Assert.All(WebhookEventTypes.All, type => Assert.True(File.Exists(Contracts.EventSchemaPath(type)), $"no schema for {type}"));

    [Fact]
    public async Task DeliveredEventsMatchTheirSchemas()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await gateway.Client.CreateDepartmentAsync("contract");
        await gateway.Client.RegisterAsync(receiver.UrlFor("contract"), "contract", [.. WebhookEventTypes.All]);
        var cancelled = await gateway.Client.CreateInvoiceAsync("contract");
        await (await gateway.Client.PostAsync($"/v1/invoices/{cancelled["id"]}/cancel", null)).ExpectAsync(HttpStatusCode.OK);
        var settled = await gateway.Client.CreateInvoiceAsync("contract");
        await SettleAsync(settled["id"]!.GetValue<string>(), "0.00025991");
        await Eventually.WaitAsync(() => receiver.For("contract").Count >= 4, "four events delivered");
        var expiring = Requests.Invoice("contract");
        expiring["expiresInMinutes"] = 15;
        await (await gateway.Client.PostJsonAsync("/v1/invoices", expiring.ToJsonString())).ExpectAsync(HttpStatusCode.Created);
        gateway.Clock.Advance(TimeSpan.FromMinutes(16));

        await Eventually.WaitAsync(() => receiver.For("contract").Count >= 6, "six events delivered");

        var delivered = receiver.For("contract");
        Assert.Equal(
            ["invoice.created", "invoice.cancelled", "invoice.created", "invoice.settled", "invoice.created", "invoice.expired"],
            delivered.Select(d => JsonNode.Parse(d.Body)!["type"]!.GetValue<string>()));
        Assert.All(delivered, delivery => Contracts.AssertMatchesEventSchema(delivery.Body));
    }

    private async Task SettleAsync(string id, string paid)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
            new SettleInvoiceCommand(InvoiceId.Parse(id), Currency.BTC, Money.Parse(paid, Currency.BTC), gateway.Clock.GetUtcNow()));
    }
}
