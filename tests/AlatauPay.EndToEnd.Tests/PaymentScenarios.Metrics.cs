using AlatauPay.Testing;

namespace AlatauPay.EndToEnd.Tests;

public abstract partial class PaymentScenarios
{
    /// <summary>
    /// Other gateways in this process share the meter's name, so the counters are checked for what this payment
    /// added, per chain.
    /// </summary>
    [RegtestFact]
    public async Task APaymentIsCountedSeenThenSettledAndTheWatcherReportsItsLag()
    {
        var chain = $"chain=\"{gateway.Chain}\"";
        var before = await Api.ScrapeAsync();
        var bill = await Api.CreateInvoiceAsync(gateway.Chain);

        await Node.SendAsync(bill.Address, bill.Due);
        await Api.WaitForStatusAsync(bill.Id, "processing");
        await Node.MineAsync(1);
        await Api.WaitForStatusAsync(bill.Id, "settled");

        var after = await Api.ScrapeAsync();
        Assert.True(after.Value("alataupay_payments_seen_total", chain) >= before.Value("alataupay_payments_seen_total", chain) + 1, after.Text);
        Assert.True(after.Value("alataupay_payments_settled_total", chain) >= before.Value("alataupay_payments_settled_total", chain) + 1, after.Text);
        Assert.True(after.Value("alataupay_ledger_entries_posted_total") >= before.Value("alataupay_ledger_entries_posted_total") + 1, after.Text);
        Assert.True(after.Has("alataupay_watcher_lag", chain), after.Text);
    }
}
