namespace AlatauPay.Api.Tests;

/// <summary>After settlements, overpayments and reversals, every currency's debits still equal its credits.</summary>
public sealed class LedgerTrialBalanceTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task BalancesAfterARealisticMixOfPostings()
    {
        await gateway.EnsureDepartmentAsync("water");
        await gateway.EnsureDepartmentAsync("parking");
        var start = gateway.Clock.GetUtcNow().AddDays(-3);
        for (var i = 0; i < 6; i++)
        {
            await gateway.SettledInvoiceAsync(i % 2 == 0 ? "water" : "parking", effectiveAt: start.AddHours(i));
        }

        var over = await gateway.SettledInvoiceAsync("water", "0.00050000", start.AddHours(7));
        await gateway.SettledInvoiceAsync("parking", "0.00025992", start.AddHours(8));
        var reversedInvoice = await gateway.SettledInvoiceAsync("parking", effectiveAt: start.AddHours(9));
        var entries = await gateway.GetOkAsync($"/v1/ledger/entries?invoice={reversedInvoice}");
        await gateway.ReverseAsync(entries["data"]![0]!["id"]!.GetValue<long>(), start.AddHours(10));

        var trial = await gateway.GetOkAsync("/v1/ledger/trial-balance");

        Assert.True(trial["balanced"]!.GetValue<bool>());
        var totals = trial["totals"]!.AsArray().ToDictionary(t => t!["currency"]!.GetValue<string>());
        Assert.Equal(["BTC", "KZT"], totals.Keys.Order());
        Assert.All(totals.Values, t => Assert.Equal(t!["debits"]!.GetValue<string>(), t["credits"]!.GetValue<string>()));
        Assert.Equal("123456.70", totals["KZT"]!["debits"]!.GetValue<string>());
        var lines = trial["accounts"]!.AsArray();
        var payerCredit = lines.Single(l => l!["account"]!.GetValue<string>() == "liabilities:payer-credit:BTC:water:ACC-1001");
        Assert.Equal("-0.00024009", payerCredit!["balance"]!.GetValue<string>());
        var parkingRevenue = lines.Single(l => l!["account"]!.GetValue<string>() == "revenue:parking:cold-water");
        Assert.Equal("-49382.68", parkingRevenue!["balance"]!.GetValue<string>());
        Assert.Contains("paid_over", (await gateway.GetOkAsync($"/v1/invoices/{over}"))["additionalStatus"]!.AsArray().Select(s => s!.GetValue<string>()));

        var before = await gateway.GetOkAsync($"/v1/ledger/trial-balance?asOf={LedgerScenario.Q(start.AddHours(9.5))}");
        Assert.True(before["balanced"]!.GetValue<bool>());
        var parkingBefore = before["accounts"]!.AsArray().Single(l => l!["account"]!.GetValue<string>() == "revenue:parking:cold-water");
        Assert.Equal("-61728.35", parkingBefore!["balance"]!.GetValue<string>());
    }
}
