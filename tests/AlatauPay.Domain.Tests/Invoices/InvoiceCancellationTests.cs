using AlatauPay.Domain.Invoices;

namespace AlatauPay.Domain.Tests.Invoices;

public class InvoiceCancellationTests
{
    [Fact]
    public void CancelsANewInvoice()
    {
        var invoice = TestInvoices.New();

        invoice.Cancel();

        Assert.Equal(InvoiceStatus.Cancelled, invoice.Status);
    }

    [Theory]
    [InlineData(InvoiceStatus.Processing)]
    [InlineData(InvoiceStatus.Settled)]
    [InlineData(InvoiceStatus.Expired)]
    [InlineData(InvoiceStatus.Invalid)]
    [InlineData(InvoiceStatus.Cancelled)]
    public void RefusesToCancelOnceAPaymentOrAnEndIsSeen(InvoiceStatus status)
    {
        var invoice = TestInvoices.Restored(status);

        var error = Assert.Throws<InvalidTransitionException>(invoice.Cancel);

        Assert.Equal("invoice-not-cancellable", error.Code);
        Assert.Equal(status, error.From);
        Assert.Equal(InvoiceStatus.Cancelled, error.To);
        Assert.Equal(status, invoice.Status);
    }
}
