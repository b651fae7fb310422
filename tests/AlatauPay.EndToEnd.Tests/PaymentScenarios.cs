using System.Text.Json.Nodes;
using AlatauPay.Testing;

namespace AlatauPay.EndToEnd.Tests;

/// <summary>
/// Residents paying on a real regtest chain, watched by the real gateway: every scenario of the
/// Bitcoin-family adapter, run for each node kind (Litecoin always, past MWEB activation; Bitcoin Core when installed).
/// </summary>
public abstract partial class PaymentScenarios(PaymentGateway gateway)
{
    protected PaymentGateway Gateway => gateway;

    private HttpClient Api => gateway.Client;

    private RegtestNode Node => gateway.Node;

    [RegtestFact]
    public async Task AnExactPaymentIsSeenThenSettlesAtThePolicyDepth()
    {
        var bill = await Api.CreateInvoiceAsync(gateway.Chain);

        var txid = await Node.SendAsync(bill.Address, bill.Due);
        await Api.WaitForStatusAsync(bill.Id, "processing");
        Assert.Empty(await gateway.EntryKeysAsync(bill.Id));
        await Node.MineAsync(1);

        var invoice = await Api.WaitForStatusAsync(bill.Id, "settled");
        Assert.Equal(bill.Due.ToString("0.00000000", System.Globalization.CultureInfo.InvariantCulture), invoice["paymentMethods"]![0]!["paid"]!["value"]!.GetValue<string>());
        Assert.Equal([$"settle:{bill.Id}"], await gateway.EntryKeysAsync(bill.Id));
        var trail = JsonNode.Parse(await Api.GetStringAsync($"/v1/invoices/{bill.Id}/trail"))!;
        var observation = Assert.Single(trail["observations"]!.AsArray())!;
        Assert.Equal((txid, "confirmed", $"settle:{bill.Id}"), (observation["transactionId"]!.GetValue<string>(), observation["standing"]!.GetValue<string>(), observation["accountedBy"]!.GetValue<string>()));
        var receipt = JsonNode.Parse(await Api.GetStringAsync($"/v1/invoices/{bill.Id}/receipt"))!;
        var reference = Assert.Single(receipt["receipt"]!["chainReferences"]!.AsArray())!.GetValue<string>();
        Assert.StartsWith($"{gateway.Chain}:{txid}:", reference, StringComparison.Ordinal);
    }

    [RegtestFact]
    public async Task APaymentSplitOverTwoTransactionsSettlesWhenBothConfirm()
    {
        var bill = await Api.CreateInvoiceAsync(gateway.Chain);
        var first = decimal.Round(bill.Due / 2, 8);

        await Node.SendAsync(bill.Address, first);
        await Node.MineAsync(1);
        await Api.WaitForStatusAsync(bill.Id, "processing", "paid_partial");
        await Node.SendAsync(bill.Address, bill.Due - first);
        await Node.MineAsync(1);

        await Api.WaitForStatusAsync(bill.Id, "settled");
        Assert.Equal([$"settle:{bill.Id}"], await gateway.EntryKeysAsync(bill.Id));
        Assert.Equal(2, (await gateway.PaymentsAsync(bill.Id)).Count);
    }

    [RegtestFact]
    public async Task AnUnderpaymentExpiresPartlyPaidAndTheMoneyIsStillAccounted()
    {
        var bill = await Api.CreateInvoiceAsync(gateway.Chain, expiresInMinutes: 10);

        await Node.SendAsync(bill.Address, bill.Due - 0.00001m);
        await Node.MineAsync(1);
        await Api.WaitForStatusAsync(bill.Id, "processing", "paid_partial");
        gateway.Clock.Advance(TimeSpan.FromMinutes(11));

        await Api.WaitForStatusAsync(bill.Id, "expired", "paid_partial");
        await WaitForEntriesAsync(bill.Id, keys => keys.Count == 1 && keys[0].StartsWith("unapplied:", StringComparison.Ordinal));
    }

    [RegtestFact]
    public async Task AnOverpaymentSettlesAndTheExcessIsOwedToThePayer()
    {
        var bill = await Api.CreateInvoiceAsync(gateway.Chain);

        await Node.SendAsync(bill.Address, bill.Due + 0.001m);
        await Node.MineAsync(1);

        await Api.WaitForStatusAsync(bill.Id, "settled", "paid_over");
        var entry = Assert.Single(await gateway.EntriesAsync(bill.Id));
        Assert.Contains(entry.Entry.Postings, p => p.Account == $"liabilities:payer-credit:{gateway.Chain}:water:ACC-1001" && p.Amount.ToDecimalString() == "0.00100000");
    }

    [RegtestFact]
    public async Task APaymentAfterExpiryIsRecordedAndAccountedAsPaidLate()
    {
        var bill = await Api.CreateInvoiceAsync(gateway.Chain, expiresInMinutes: 5);
        gateway.Clock.Advance(TimeSpan.FromMinutes(6));
        await Api.WaitForStatusAsync(bill.Id, "expired");

        await Node.SendAsync(bill.Address, bill.Due);
        await Node.MineAsync(1);

        await Api.WaitForStatusAsync(bill.Id, "expired", "paid_late");
        await WaitForEntriesAsync(bill.Id, keys => keys.Count == 1 && keys[0].StartsWith("unapplied:", StringComparison.Ordinal));
    }

    [RegtestFact]
    public async Task AReplacedPaymentIsCountedOnceThroughItsReplacement()
    {
        var bill = await Api.CreateInvoiceAsync(gateway.Chain);
        var original = await Node.SendAsync(bill.Address, bill.Due, replaceable: true);
        await Api.WaitForStatusAsync(bill.Id, "processing");

        var replacement = await Node.BumpFeeAsync(original);
        await WaitForPaymentsAsync(bill.Id, payments => payments.Any(p => p.TxId == replacement) && payments.Any(p => p.TxId == original && !p.IsAlive));
        await Node.MineAsync(1);

        await Api.WaitForStatusAsync(bill.Id, "settled");
        Assert.Equal([$"settle:{bill.Id}"], await gateway.EntryKeysAsync(bill.Id));
        var settlement = Assert.Single(await gateway.EntriesAsync(bill.Id)).Entry;
        Assert.Contains(settlement.Postings, p => p.Account.StartsWith("assets:crypto:", StringComparison.Ordinal) && p.Amount.ToDecimalString() == bill.Due.ToString("0.00000000", System.Globalization.CultureInfo.InvariantCulture));
    }

    [RegtestFact]
    public async Task AFullPaymentSeenInTimeKeepsItsInvoiceOpenWithoutHoldingUpOtherExpiries()
    {
        var paid = await Api.CreateInvoiceAsync(gateway.Chain, expiresInMinutes: 5);
        var unpaid = await Api.CreateInvoiceAsync(gateway.Chain, expiresInMinutes: 5);
        await Node.SendAsync(paid.Address, paid.Due);
        await Api.WaitForStatusAsync(paid.Id, "processing");

        gateway.Clock.Advance(TimeSpan.FromMinutes(6));

        await Api.WaitForStatusAsync(unpaid.Id, "expired");
        Assert.Equal("processing", (await Api.GetInvoiceAsync(paid.Id))["status"]!.GetValue<string>());
        await Node.MineAsync(1);
        await Api.WaitForStatusAsync(paid.Id, "settled");
        Assert.Equal([$"settle:{paid.Id}"], await gateway.EntryKeysAsync(paid.Id));
    }

    [RegtestFact]
    public async Task OneTransactionPayingTwoInvoicesPaysBoth()
    {
        var water = await Api.CreateInvoiceAsync(gateway.Chain);
        var heating = await Api.CreateInvoiceAsync(gateway.Chain);

        await Node.SendManyAsync(new Dictionary<string, decimal> { [water.Address] = water.Due, [heating.Address] = heating.Due });
        await Node.MineAsync(1);

        await Api.WaitForStatusAsync(water.Id, "settled");
        await Api.WaitForStatusAsync(heating.Id, "settled");
        Assert.Equal((await gateway.PaymentsAsync(water.Id))[0].TxId, (await gateway.PaymentsAsync(heating.Id))[0].TxId);
    }

    private async Task WaitForEntriesAsync(string invoiceId, Func<IReadOnlyList<string>, bool> condition, int seconds = 30)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        IReadOnlyList<string> keys;
        do
        {
            keys = await gateway.EntryKeysAsync(invoiceId);
            if (condition(keys))
            {
                return;
            }

            await Task.Delay(50, CancellationToken.None);
        }
        while (!deadline.IsCancellationRequested);

        Assert.Fail($"The ledger entries of {invoiceId} never matched; they are [{string.Join(", ", keys)}]");
    }

    private async Task WaitForPaymentsAsync(string invoiceId, Func<IReadOnlyList<AlatauPay.Domain.Invoices.PaymentObservation>, bool> condition, int seconds = 30)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!deadline.IsCancellationRequested)
        {
            if (condition(await gateway.PaymentsAsync(invoiceId)))
            {
                return;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Fail($"The payments of {invoiceId} never matched: {string.Join("; ", await gateway.PaymentsAsync(invoiceId))}");
    }
}
