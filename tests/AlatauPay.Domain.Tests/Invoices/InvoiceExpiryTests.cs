using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;
using AlatauPay.Domain.Invoices;

namespace AlatauPay.Domain.Tests.Invoices;

public class InvoiceExpiryTests
{
    [Fact]
    public void RefusesToExpireBeforeTheTimeRunsOut()
    {
        var invoice = TestInvoices.New();

        var error = Assert.Throws<DomainException>(() => invoice.Expire(invoice.ExpiresAt.AddTicks(-1), PaymentTolerance.None, []));

        Assert.Equal("invoice-not-due", error.Code);
        Assert.Equal(InvoiceStatus.New, invoice.Status);
    }

    [Fact]
    public void ExpiresAnUnpaidInvoiceExactlyAtItsExpiryWithoutFlags()
    {
        var invoice = TestInvoices.New();

        invoice.Expire(invoice.ExpiresAt, PaymentTolerance.None, []);

        Assert.Equal(InvoiceStatus.Expired, invoice.Status);
        Assert.Equal(AdditionalStatus.None, invoice.Flags);
    }

    [Fact]
    public void FlagsAPartialPaymentWhenItExpires()
    {
        var invoice = TestInvoices.Restored(InvoiceStatus.Processing, paidSatoshis: 10_000);

        invoice.Expire(invoice.ExpiresAt.AddMinutes(1), PaymentTolerance.None, [Seen(10_000)]);

        Assert.Equal(InvoiceStatus.Expired, invoice.Status);
        Assert.Equal(AdditionalStatus.PaidPartial, invoice.Flags);
    }

    [Fact]
    public void AFullPaymentSeenButNotFinalKeepsTheInvoiceOpen()
    {
        var invoice = TestInvoices.Restored(InvoiceStatus.Processing, paidSatoshis: 25_991);

        Assert.False(invoice.IsDue(invoice.ExpiresAt.AddHours(1), PaymentTolerance.None, [Seen(25_991)]));
    }

    [Fact]
    public void APaymentWithinTheToleranceKeepsTheInvoiceOpenAsItWouldSettleIt()
    {
        // 1 % of 25 991 satoshis is waived: 25 732 settles, so it keeps the invoice open; 25 731 does not.
        var invoice = TestInvoices.Restored(InvoiceStatus.Processing, paidSatoshis: 25_800);
        var onePercent = new PaymentTolerance(100);

        Assert.False(invoice.IsDue(invoice.ExpiresAt, onePercent, [Seen(25_732)]));
        Assert.True(invoice.IsDue(invoice.ExpiresAt, onePercent, [Seen(25_731)]));
        Assert.True(invoice.IsDue(invoice.ExpiresAt, PaymentTolerance.None, [Seen(25_800)]));
    }

    [Fact]
    public void ThePaymentsSeenNowDecideNotTheInvoicesPaidFiguresWhichTrailThem()
    {
        // The watcher has recorded a full payment but not yet reconciled the invoice: it was paid in time.
        var unreconciled = TestInvoices.New();
        Assert.False(unreconciled.IsDue(unreconciled.ExpiresAt, PaymentTolerance.None, [Seen(25_991)]));

        // The invoice still shows a payment that has since gone: nothing is paid any more.
        var stale = TestInvoices.Restored(InvoiceStatus.Processing, paidSatoshis: 25_991);
        stale.Expire(stale.ExpiresAt, PaymentTolerance.None, [Seen(25_991, PaymentStanding.Gone)]);
        Assert.Equal(InvoiceStatus.Expired, stale.Status);
        Assert.Equal(AdditionalStatus.None, stale.Flags);
        Assert.False(stale.PaymentMethods[0].Paid.IsPositive);
    }

    [Theory]
    [InlineData(InvoiceStatus.Settled)]
    [InlineData(InvoiceStatus.Expired)]
    [InlineData(InvoiceStatus.Invalid)]
    [InlineData(InvoiceStatus.Cancelled)]
    public void RefusesToExpireAnInvoiceThatCannotExpire(InvoiceStatus status)
    {
        var invoice = TestInvoices.Restored(status);

        var error = Assert.Throws<InvalidTransitionException>(() => invoice.Expire(invoice.ExpiresAt, PaymentTolerance.None, []));

        Assert.Equal("invoice-not-expirable", error.Code);
        Assert.Equal(status, invoice.Status);
    }

    [Fact]
    public void APaymentFirstSeenAfterTheExpiryTimeDoesNotKeepTheInvoiceOpen()
    {
        var invoice = TestInvoices.New();
        var late = Seen(25_991) with { FirstSeenAt = invoice.ExpiresAt.AddSeconds(1) };
        var justInTime = Seen(25_991) with { FirstSeenAt = invoice.ExpiresAt };

        Assert.True(invoice.IsDue(invoice.ExpiresAt.AddSeconds(5), PaymentTolerance.None, [late]));
        Assert.False(invoice.IsDue(invoice.ExpiresAt.AddSeconds(5), PaymentTolerance.None, [justInTime]));
    }

    private static PaymentObservation Seen(long satoshis, PaymentStanding standing = PaymentStanding.Unconfirmed) =>
        new("BTC", "tx", 0, Currency.BTC, new Money(Currency.BTC, satoshis), standing, 0, TestInvoices.CreatedAt, null);
}
