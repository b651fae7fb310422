using AlatauPay.Domain.Invoices;

namespace AlatauPay.Domain.Tests.Invoices;

public class InvoiceExpiryTests
{
    [Fact]
    public void RefusesToExpireBeforeTheTimeRunsOut()
    {
        var invoice = TestInvoices.New();

        var error = Assert.Throws<DomainException>(() => invoice.Expire(invoice.ExpiresAt.AddTicks(-1)));

        Assert.Equal("invoice-not-due", error.Code);
        Assert.Equal(InvoiceStatus.New, invoice.Status);
    }

    [Fact]
    public void ExpiresAnUnpaidInvoiceExactlyAtItsExpiryWithoutFlags()
    {
        var invoice = TestInvoices.New();

        invoice.Expire(invoice.ExpiresAt);

        Assert.Equal(InvoiceStatus.Expired, invoice.Status);
        Assert.Equal(AdditionalStatus.None, invoice.Flags);
    }

    [Fact]
    public void FlagsAPartialPaymentWhenItExpires()
    {
        var invoice = TestInvoices.Restored(InvoiceStatus.Processing, paidSatoshis: 10_000);

        invoice.Expire(invoice.ExpiresAt.AddMinutes(1));

        Assert.Equal(InvoiceStatus.Expired, invoice.Status);
        Assert.Equal(AdditionalStatus.PaidPartial, invoice.Flags);
    }

    [Theory]
    [InlineData(InvoiceStatus.Settled)]
    [InlineData(InvoiceStatus.Expired)]
    [InlineData(InvoiceStatus.Invalid)]
    [InlineData(InvoiceStatus.Cancelled)]
    public void RefusesToExpireAnInvoiceThatCannotExpire(InvoiceStatus status)
    {
        var invoice = TestInvoices.Restored(status);

        var error = Assert.Throws<InvalidTransitionException>(() => invoice.Expire(invoice.ExpiresAt));

        Assert.Equal("invoice-not-expirable", error.Code);
        Assert.Equal(status, invoice.Status);
    }
}
