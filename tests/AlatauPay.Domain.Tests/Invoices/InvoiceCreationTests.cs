using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;

namespace AlatauPay.Domain.Tests.Invoices;

public class InvoiceCreationTests
{
    [Fact]
    public void StartsNewWithoutFlagsAtVersionZero()
    {
        var data = TestInvoices.Data() with { Status = InvoiceStatus.Settled, Flags = AdditionalStatus.Marked, Version = 7 };

        var invoice = Invoice.Create(data);

        Assert.Equal(InvoiceStatus.New, invoice.Status);
        Assert.Equal(AdditionalStatus.None, invoice.Flags);
        Assert.Equal(0, invoice.Version);
        Assert.Equal(data.Amount, invoice.Amount);
        Assert.Equal(Currency.BTC, Assert.Single(invoice.PaymentMethods).Method);
    }

    [Fact]
    public void RefusesAnAmountNotInKzt()
    {
        var btc = Money.Parse("0.001", Currency.BTC);

        AssertRefused(TestInvoices.Data() with { Amount = btc }, "amount-invalid");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.01")]
    public void RefusesANonPositiveAmount(string amount) =>
        AssertRefused(TestInvoices.Data() with { Amount = TestInvoices.Kzt(amount) }, "amount-invalid");

    [Fact]
    public void RefusesAnInvoiceWithoutPaymentMethods() =>
        AssertRefused(TestInvoices.Data() with { Methods = [] }, "methods-invalid");

    [Fact]
    public void RefusesTheSameMethodTwice()
    {
        var amount = TestInvoices.Kzt("12345.67");
        var otherBtcRate = ExchangeRate.Parse(Currency.BTC, Currency.KZT, "47600000");

        AssertRefused(TestInvoices.Data(amount, TestInvoices.BtcRate, otherBtcRate), "methods-invalid");
    }

    [Fact]
    public void AcceptsSeveralDifferentMethods()
    {
        var ltcRate = ExchangeRate.Parse(Currency.LTC, Currency.KZT, "41250.5");

        var invoice = Invoice.Create(TestInvoices.Data(TestInvoices.Kzt("500"), TestInvoices.BtcRate, ltcRate));

        Assert.Equal([Currency.BTC, Currency.LTC], invoice.PaymentMethods.Select(m => m.Method));
        Assert.Equal(Currency.LTC, invoice.Method(Currency.LTC).Due.Currency);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void RefusesAnExpiryNotAfterCreation(int minutes) =>
        AssertRefused(TestInvoices.Data() with { ExpiresAt = TestInvoices.CreatedAt.AddMinutes(minutes) }, "expiry-invalid");

    [Fact]
    public void RefusesToLookUpAMethodItDoesNotOffer()
    {
        var error = Assert.Throws<DomainException>(() => TestInvoices.New().Method(Currency.ETH));

        Assert.Equal("payment-method-not-offered", error.Code);
    }

    private static void AssertRefused(InvoiceData data, string code) =>
        Assert.Equal(code, Assert.Throws<DomainException>(() => Invoice.Create(data)).Code);
}
