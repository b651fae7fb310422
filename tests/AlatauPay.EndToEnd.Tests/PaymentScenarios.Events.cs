using System.Text.Json.Nodes;
using AlatauPay.Testing;

namespace AlatauPay.EndToEnd.Tests;

public abstract partial class PaymentScenarios
{
    [RegtestFact]
    public async Task EveryEventTheWatcherEmitsMatchesItsPublishedSchema()
    {
        var reversed = await Api.CreateInvoiceAsync(gateway.Chain);
        var payment = await Node.SendAsync(reversed.Address, reversed.Due, replaceable: true);
        await Api.WaitForStatusAsync(reversed.Id, "processing");
        await Node.MineAsync(1);
        await Api.WaitForStatusAsync(reversed.Id, "settled");
        await Node.ReorgOutAsync(1);
        await gateway.WaitForTipAsync();
        await Node.DoubleSpendAsync(payment);
        await Node.MineAsync(1);
        await Api.WaitForStatusAsync(reversed.Id, "invalid");
        var late = await Api.CreateInvoiceAsync(gateway.Chain, expiresInMinutes: 5);
        gateway.Clock.Advance(TimeSpan.FromMinutes(6));
        await Api.WaitForStatusAsync(late.Id, "expired");
        await Node.SendAsync(late.Address, late.Due);
        await Node.MineAsync(1);
        await Api.WaitForStatusAsync(late.Id, "expired", "paid_late");

        var events = await EventsOfAsync(reversed.Id, late.Id);

        Assert.Superset(
            new HashSet<string> { "invoice.created", "invoice.payment_seen", "invoice.processing", "invoice.settled", "invoice.reversed", "invoice.invalid", "invoice.expired", "invoice.paid_late" },
            events.Select(e => e["type"]!.GetValue<string>()).ToHashSet());
        Assert.All(events, e => Contracts.AssertMatchesEventSchema(e.ToJsonString()));
    }

    private async Task<IReadOnlyList<JsonNode>> EventsOfAsync(params string[] invoiceIds)
    {
        var events = new List<JsonNode>();
        var query = "/v1/events?limit=100";
        while (query is not null)
        {
            var page = JsonNode.Parse(await Api.GetStringAsync(query))!;
            var data = page["data"]!.AsArray().Select(e => e!).ToList();
            events.AddRange(data.Where(e => invoiceIds.Contains(e["data"]?["id"]?.GetValue<string>())));
            query = page["hasMore"]!.GetValue<bool>() ? $"/v1/events?limit=100&startingAfter={data[^1]["id"]!.GetValue<string>()}" : null;
        }

        return events;
    }
}
