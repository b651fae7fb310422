using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;
using AlatauPay.Domain.Invoices;

namespace AlatauPay.Domain.Tests.Invoices;

/// <summary>Due: 0.00025991 BTC (12 345.67 KZT at 47 500 000 KZT/BTC); medium speed needs one confirmation.</summary>
public sealed class PaymentReconciliationTests
{
    private const int Medium = 1;

    [Fact]
    public void AnUnconfirmedExactPaymentMakesTheInvoiceProcessing()
    {
        var invoice = TestInvoices.New();

        var result = Reconcile(invoice, Paid(25991, confirmations: 0));

        Assert.Equal(InvoiceStatus.Processing, invoice.Status);
        Assert.True(result.PaymentSeen);
        Assert.Null(result.Settlement);
        Assert.Equal(AdditionalStatus.None, invoice.Flags);
    }

    [Fact]
    public void AnExactPaymentSettlesAtThePolicyDepth()
    {
        var invoice = TestInvoices.New();
        var payment = Paid(25991, confirmations: 1);

        var result = Reconcile(invoice, payment);

        Assert.Equal(InvoiceStatus.Settled, invoice.Status);
        Assert.Equal(Satoshis(25991), result.Settlement!.Paid);
        Assert.Equal([payment], result.Settlement.Payments);
    }

    [Fact]
    public void TwoPartialPaymentsSettleTogether()
    {
        var invoice = TestInvoices.New();

        var first = Reconcile(invoice, Paid(10000, confirmations: 3, txid: "a"));
        Assert.Equal(InvoiceStatus.Processing, invoice.Status);
        Assert.Equal(AdditionalStatus.PaidPartial, invoice.Flags);
        Assert.Null(first.Settlement);

        var second = Reconcile(invoice, Paid(10000, confirmations: 3, txid: "a"), Paid(15991, confirmations: 1, txid: "b"));

        Assert.Equal(InvoiceStatus.Settled, invoice.Status);
        Assert.Equal(Satoshis(25991), second.Settlement!.Paid);
        Assert.Equal(AdditionalStatus.None, invoice.Flags);
    }

    [Fact]
    public void AnUnderpaymentWithinToleranceSettles()
    {
        var invoice = TestInvoices.New();

        Reconcile(invoice, new PaymentTolerance(100), Paid(25732, confirmations: 1));

        Assert.Equal(InvoiceStatus.Settled, invoice.Status);
    }

    [Fact]
    public void AnUnderpaymentBeyondToleranceWaits()
    {
        var invoice = TestInvoices.New();

        Reconcile(invoice, new PaymentTolerance(100), Paid(25731, confirmations: 6));

        Assert.Equal(InvoiceStatus.Processing, invoice.Status);
        Assert.Equal(AdditionalStatus.PaidPartial, invoice.Flags);
    }

    [Fact]
    public void AnOverpaymentSettlesFlaggedPaidOver()
    {
        var invoice = TestInvoices.New();

        var result = Reconcile(invoice, Paid(30000, confirmations: 1));

        Assert.Equal(InvoiceStatus.Settled, invoice.Status);
        Assert.Equal(AdditionalStatus.PaidOver, invoice.Flags);
        Assert.Equal(Satoshis(30000), result.Settlement!.Paid);
    }

    [Fact]
    public void ReconcilingAgainWithTheSameFactsChangesNothing()
    {
        var invoice = TestInvoices.New();
        var payment = Paid(25991, confirmations: 1);
        var first = Reconcile(invoice, payment);

        var second = Reconcile(invoice, payment with { AccountedBy = "settle:x" });

        Assert.True(first.Changed);
        Assert.False(second.Changed);
        Assert.Empty(second.EntriesToReverse);
        Assert.Null(second.Settlement);
        Assert.Empty(second.Unapplied);
    }

    [Fact]
    public void ASettledPaymentBackInTheMempoolKeepsItsSettlement()
    {
        var invoice = Settled(out var key);

        var result = Reconcile(invoice, Paid(25991, confirmations: 0, accountedBy: key));

        Assert.Equal(InvoiceStatus.Settled, invoice.Status);
        Assert.Empty(result.EntriesToReverse);
        Assert.False(result.Changed);
    }

    [Fact]
    public void ASettledPaymentThatIsGoneReversesTheSettlementAndInvalidatesTheInvoice()
    {
        var invoice = Settled(out var key);

        var result = Reconcile(invoice, Paid(25991, confirmations: 0, accountedBy: key, standing: PaymentStanding.Gone));

        Assert.Equal([key], result.EntriesToReverse);
        Assert.Equal(InvoiceStatus.Invalid, invoice.Status);
    }

    [Fact]
    public void ALostSettlementWithAnotherPaymentStillSeenGoesBackToProcessing()
    {
        var invoice = Settled(out var key);

        var result = Reconcile(
            invoice,
            Paid(10000, confirmations: 5, txid: "a", accountedBy: key),
            Paid(15991, confirmations: 0, txid: "b", accountedBy: key, standing: PaymentStanding.Gone));

        Assert.Equal([key], result.EntriesToReverse);
        Assert.Equal(InvoiceStatus.Processing, invoice.Status);
        Assert.Equal(AdditionalStatus.PaidPartial, invoice.Flags);
    }

    [Fact]
    public void AReplacementPayingTheSameAmountSettlesAgainAfterTheReversal()
    {
        var invoice = Settled(out var key);

        var result = Reconcile(
            invoice,
            Paid(25991, confirmations: 0, txid: "original", accountedBy: key, standing: PaymentStanding.Gone),
            Paid(25991, confirmations: 1, txid: "replacement"));

        Assert.Equal([key], result.EntriesToReverse);
        Assert.Equal(InvoiceStatus.Settled, invoice.Status);
        Assert.Equal("replacement", Assert.Single(result.Settlement!.Payments).TxId);
    }

    [Fact]
    public void ALostSettlementIsPaidAgainByTheExtraPaymentItHadCreditedToThePayer()
    {
        var invoice = Settled(out var key);
        const string credited = "unapplied:BTC:again:0";

        var result = Reconcile(
            invoice,
            Paid(25991, confirmations: 0, txid: "first", accountedBy: key, standing: PaymentStanding.Gone),
            Paid(25991, confirmations: 3, txid: "again", accountedBy: credited));

        Assert.Equal([key, credited], result.EntriesToReverse);
        Assert.Equal(InvoiceStatus.Settled, invoice.Status);
        Assert.Equal("again", Assert.Single(result.Settlement!.Payments).TxId);
        Assert.Empty(result.Unapplied);
    }

    [Fact]
    public void ALostSettlementWhoseCreditedPaymentFallsShortWaitsAndCanExpire()
    {
        var invoice = Settled(out var key);
        const string credited = "unapplied:BTC:again:0";

        var result = Reconcile(
            invoice,
            Paid(25991, confirmations: 0, txid: "first", accountedBy: key, standing: PaymentStanding.Gone),
            Paid(5000, confirmations: 3, txid: "again", accountedBy: credited));

        Assert.Equal([key, credited], result.EntriesToReverse);
        Assert.Equal(InvoiceStatus.Processing, invoice.Status);
        Assert.True(invoice.Flags.HasFlag(AdditionalStatus.PaidPartial));
        Assert.True(invoice.IsDue(invoice.ExpiresAt, PaymentTolerance.None, [Paid(5000, confirmations: 3, txid: "again")]));
    }

    [Fact]
    public void AnExtraPaymentThatIsGoneLeavesTheSettlementAlone()
    {
        var invoice = Settled(out var key);
        const string credited = "unapplied:BTC:again:0";

        var result = Reconcile(
            invoice,
            Paid(25991, confirmations: 2, txid: "first", accountedBy: key),
            Paid(5000, confirmations: 0, txid: "again", accountedBy: credited, standing: PaymentStanding.Gone));

        Assert.Equal([credited], result.EntriesToReverse);
        Assert.Equal(InvoiceStatus.Settled, invoice.Status);
        Assert.Null(result.Settlement);
    }

    [Fact]
    public void AnUnconfirmedPaymentThatIsGoneInvalidatesAProcessingInvoice()
    {
        var invoice = TestInvoices.New();
        Reconcile(invoice, Paid(25991, confirmations: 0));

        Reconcile(invoice, Paid(25991, confirmations: 0, standing: PaymentStanding.Gone));

        Assert.Equal(InvoiceStatus.Invalid, invoice.Status);
    }

    [Fact]
    public void APaymentToAnExpiredInvoiceIsAccountedAndFlaggedLate()
    {
        var invoice = TestInvoices.Restored(InvoiceStatus.Expired);
        var payment = Paid(25991, confirmations: 1);

        var result = Reconcile(invoice, payment);

        Assert.Equal(InvoiceStatus.Expired, invoice.Status);
        Assert.Equal([payment], result.Unapplied);
        Assert.True(result.BecameLate);
        Assert.True(invoice.Flags.HasFlag(AdditionalStatus.PaidLate));
    }

    [Fact]
    public void APaymentToAnExpiredInvoiceWaitsForItsDepthBeforeItIsAccounted()
    {
        var invoice = TestInvoices.Restored(InvoiceStatus.Expired);

        var result = Reconcile(invoice, Paid(25991, confirmations: 0));

        Assert.Empty(result.Unapplied);
        Assert.Equal(InvoiceStatus.Expired, invoice.Status);
    }

    [Fact]
    public void ASecondPaymentToASettledInvoiceIsAccountedAsPaidOver()
    {
        var invoice = Settled(out var key);
        var extra = Paid(5000, confirmations: 1, txid: "again");

        var result = Reconcile(invoice, Paid(25991, confirmations: 2, accountedBy: key), extra);

        Assert.Equal([extra], result.Unapplied);
        Assert.True(invoice.Flags.HasFlag(AdditionalStatus.PaidOver));
        Assert.Equal(InvoiceStatus.Settled, invoice.Status);
    }

    [Fact]
    public void HighSpeedSettlesSmallInvoicesUnconfirmedButLargeOnesAfterOneConfirmation()
    {
        var department = new Department(TestInvoices.Water, "Water", [], new Dictionary<string, DepartmentWallet>(), SpeedPolicy.High, TestInvoices.CreatedAt)
        {
            HighSpeedLimit = TestInvoices.Kzt("20000.00"),
        };

        Assert.Equal(0, department.RequiredConfirmations(SpeedPolicy.High, TestInvoices.Kzt("12345.67")));
        Assert.Equal(1, department.RequiredConfirmations(SpeedPolicy.High, TestInvoices.Kzt("20000.01")));
        Assert.Equal(6, department.RequiredConfirmations(SpeedPolicy.Low, TestInvoices.Kzt("1.00")));
    }

    private static Invoice Settled(out string key)
    {
        var invoice = TestInvoices.New();
        Reconcile(invoice, Paid(25991, confirmations: 1));
        key = $"settle:{invoice.Id}";
        return invoice;
    }

    private static ReconciliationResult Reconcile(Invoice invoice, params PaymentObservation[] payments) =>
        Reconcile(invoice, PaymentTolerance.None, payments);

    private static ReconciliationResult Reconcile(Invoice invoice, PaymentTolerance tolerance, params PaymentObservation[] payments) =>
        PaymentReconciliation.Reconcile(invoice, payments, Medium, tolerance);

    private static Money Satoshis(long amount) => new(Currency.BTC, amount);

    private static PaymentObservation Paid(
        long satoshis, int confirmations, string txid = "tx", string? accountedBy = null, PaymentStanding? standing = null) => new(
        "BTC",
        txid,
        0,
        Currency.BTC,
        Satoshis(satoshis),
        standing ?? (confirmations > 0 ? PaymentStanding.Confirmed : PaymentStanding.Unconfirmed),
        confirmations,
        TestInvoices.CreatedAt,
        accountedBy);
}
