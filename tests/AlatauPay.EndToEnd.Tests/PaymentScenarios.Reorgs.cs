namespace AlatauPay.EndToEnd.Tests;

public abstract partial class PaymentScenarios
{
    [AlatauPay.Testing.RegtestFact]
    public async Task AReorgOfOneBlockBeforeSettlementOnlyDelaysIt()
    {
        var bill = await Api.CreateInvoiceAsync(gateway.Chain, speedPolicy: "low-medium");
        await Node.SendAsync(bill.Address, bill.Due);
        await Node.MineAsync(1);
        await gateway.WaitForTipAsync();

        await Node.ReorgOutAsync(1);
        await gateway.WaitForTipAsync();
        Assert.Equal("processing", (await Api.GetInvoiceAsync(bill.Id))["status"]!.GetValue<string>());
        await Node.MineAsync(2);

        await Api.WaitForStatusAsync(bill.Id, "settled");
        Assert.Equal([$"settle:{bill.Id}"], await gateway.EntryKeysAsync(bill.Id));
    }

    [AlatauPay.Testing.RegtestFact]
    public async Task AReorgOfThreeBlocksBeforeSettlementOnlyDelaysIt()
    {
        var bill = await Api.CreateInvoiceAsync(gateway.Chain, speedPolicy: "low");
        await Node.SendAsync(bill.Address, bill.Due);
        await Node.MineAsync(3);
        await gateway.WaitForTipAsync();

        await Node.ReorgOutAsync(3);
        await gateway.WaitForTipAsync();
        await Node.MineAsync(5);
        await gateway.WaitForTipAsync();
        Assert.Equal("processing", (await Api.GetInvoiceAsync(bill.Id))["status"]!.GetValue<string>());
        await Node.MineAsync(1);

        await Api.WaitForStatusAsync(bill.Id, "settled");
        Assert.Equal([$"settle:{bill.Id}"], await gateway.EntryKeysAsync(bill.Id));
    }

    [AlatauPay.Testing.RegtestFact]
    public async Task AReorgAfterSettlementThatReMinesThePaymentChangesNothing()
    {
        foreach (var depth in new[] { 1, 3 })
        {
            var bill = await Api.CreateInvoiceAsync(gateway.Chain);
            await Node.SendAsync(bill.Address, bill.Due);
            await Node.MineAsync(depth);
            await Api.WaitForStatusAsync(bill.Id, "settled");

            await Node.ReorgOutAsync(depth);
            await gateway.WaitForTipAsync();
            Assert.Equal("settled", (await Api.GetInvoiceAsync(bill.Id))["status"]!.GetValue<string>());
            await Node.MineAsync(depth + 1);
            await gateway.WaitForTipAsync();

            Assert.Equal("settled", (await Api.GetInvoiceAsync(bill.Id))["status"]!.GetValue<string>());
            Assert.Equal([$"settle:{bill.Id}"], await gateway.EntryKeysAsync(bill.Id));
        }
    }

    [AlatauPay.Testing.RegtestFact]
    public async Task ASettledPaymentDoubleSpentInAReorgIsReversed()
    {
        var bill = await Api.CreateInvoiceAsync(gateway.Chain);
        var payment = await Node.SendAsync(bill.Address, bill.Due, replaceable: true);
        await Node.MineAsync(1);
        await Api.WaitForStatusAsync(bill.Id, "settled");

        await Node.ReorgOutAsync(1);
        await gateway.WaitForTipAsync();
        await Node.DoubleSpendAsync(payment);
        await Node.MineAsync(1);

        await Api.WaitForStatusAsync(bill.Id, "invalid");
        Assert.Equal([$"settle:{bill.Id}", $"reverse:settle:{bill.Id}"], await gateway.EntryKeysAsync(bill.Id));
        var entries = await gateway.EntriesAsync(bill.Id);
        var net = entries.SelectMany(e => e.Entry.Postings)
            .GroupBy(p => (p.Account, p.Amount.Currency))
            .Select(g => g.Sum(p => (decimal)p.Amount.MinorUnits * (p.Side == AlatauPay.Domain.Ledger.PostingSide.Debit ? 1 : -1)));
        Assert.All(net, balance => Assert.Equal(0m, balance));

        var vout = (await gateway.PaymentsAsync(bill.Id)).Single(p => p.TxId == payment).Index;
        var csv = await Api.GetStringAsync("/v1/ledger/export?format=csv");
        var references = csv.Split('\n').Select(line => line.Split(','))
            .Where(columns => columns.Length > 10 && columns[8] == bill.Id)
            .Select(columns => (Key: columns[10], Reference: columns[9]))
            .Distinct()
            .ToList();
        Assert.Equal(
            [($"settle:{bill.Id}", $"{gateway.Chain}:{payment}:{vout}"), ($"reverse:settle:{bill.Id}", $"{gateway.Chain}:{payment}:{vout}")],
            references);
    }
}
