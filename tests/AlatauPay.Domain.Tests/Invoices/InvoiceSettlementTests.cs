using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;

namespace AlatauPay.Domain.Tests.Invoices;

public class InvoiceSettlementTests
{
    private static readonly Money Due = Money.Parse("0.00025991", Currency.BTC);

    [Fact]
    public void SettlesANewInvoicePaidExactly()
    {
        var invoice = TestInvoices.New();

        invoice.Settle(Currency.BTC, Due);

        Assert.Equal(InvoiceStatus.Settled, invoice.Status);
        Assert.Equal(AdditionalStatus.None, invoice.Flags);
        Assert.Equal(Due, invoice.Method(Currency.BTC).Paid);
    }

    [Fact]
    public void FlagsPaidOverWhenMoreThanDueArrives()
    {
        var invoice = TestInvoices.Restored(InvoiceStatus.Processing, paidSatoshis: 20_000);

        invoice.Settle(Currency.BTC, Due + new Money(Currency.BTC, 1));

        Assert.Equal(InvoiceStatus.Settled, invoice.Status);
        Assert.Equal(AdditionalStatus.PaidOver, invoice.Flags);
    }

    [Fact]
    public void ClearsPaidPartialOnceSettled()
    {
        var data = TestInvoices.Data();
        var invoice = Invoice.Restore(data with { Status = InvoiceStatus.Processing, Flags = AdditionalStatus.PaidPartial | AdditionalStatus.Marked });

        invoice.Settle(Currency.BTC, Due);

        Assert.Equal(AdditionalStatus.Marked, invoice.Flags);
    }

    [Fact]
    public void RefusesToSettleTwice()
    {
        var invoice = TestInvoices.New();
        invoice.Settle(Currency.BTC, Due);

        var error = Assert.Throws<InvalidTransitionException>(() => invoice.Settle(Currency.BTC, Due));

        Assert.Equal("invoice-not-settleable", error.Code);
    }

    [Theory]
    [InlineData(InvoiceStatus.Expired)]
    [InlineData(InvoiceStatus.Invalid)]
    [InlineData(InvoiceStatus.Cancelled)]
    public void RefusesToSettleAFinishedInvoice(InvoiceStatus status)
    {
        var invoice = TestInvoices.Restored(status);

        Assert.Equal("invoice-not-settleable", Assert.Throws<InvalidTransitionException>(() => invoice.Settle(Currency.BTC, Due)).Code);
        Assert.Equal(status, invoice.Status);
    }

    [Fact]
    public void RefusesAMethodTheInvoiceDoesNotOffer()
    {
        var invoice = TestInvoices.New();

        var error = Assert.Throws<DomainException>(() => invoice.Settle(Currency.LTC, Money.Parse("1", Currency.LTC)));

        Assert.Equal("payment-method-not-offered", error.Code);
        Assert.Equal(InvoiceStatus.New, invoice.Status);
    }

    [Fact]
    public void RefusesAPaymentInAnotherCurrencyWithoutChangingTheInvoice()
    {
        var invoice = TestInvoices.New();

        var error = Assert.Throws<DomainException>(() => invoice.Settle(Currency.BTC, Money.Parse("1", Currency.LTC)));

        Assert.Equal("currency-mismatch", error.Code);
        Assert.Equal(InvoiceStatus.New, invoice.Status);
        Assert.Equal(Money.Zero(Currency.BTC), invoice.Method(Currency.BTC).Paid);
    }
}
