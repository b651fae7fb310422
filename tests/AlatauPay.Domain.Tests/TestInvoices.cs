using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;
using AlatauPay.Domain.Invoices;

namespace AlatauPay.Domain.Tests;

/// <summary>Invoices for the water department's cold-water service, priced 12 345.67 KZT unless told otherwise.</summary>
internal static class TestInvoices
{
    public static readonly DateTimeOffset CreatedAt = new(2025, 3, 1, 9, 0, 0, TimeSpan.FromHours(5));

    public static readonly DateTimeOffset ExpiresAt = CreatedAt.AddMinutes(15);

    public static readonly DepartmentCode Water = new("water");

    public static readonly ServiceCode ColdWater = new("cold-water");

    public static readonly Payer Payer = new("LS-0042.17", "Aigerim S.");

    public static Money Kzt(string amount) => Money.Parse(amount, Currency.KZT);

    public static ExchangeRate BtcRate { get; } = ExchangeRate.Parse(Currency.BTC, Currency.KZT, "47500000");

    public static PaymentMethodDue Method(ExchangeRate rate, Money amount, Money? paid = null) => new(
        Quote.Lock(rate, "test-feed", CreatedAt, amount),
        $"bcrt1qtest{rate.Base.Code.ToLowerInvariant()}",
        $"bitcoin:bcrt1qtest?amount={rate.ConvertToBaseRoundingUp(amount).ToDecimalString()}",
        0,
        paid ?? Money.Zero(rate.Base));

    public static InvoiceData Data(Money amount, params ExchangeRate[] rates) => new(
        InvoiceId.New(),
        Water,
        ColdWater,
        Payer,
        amount,
        "Cold water, February",
        new Dictionary<string, string>(),
        CreatedAt,
        ExpiresAt,
        [.. rates.Select(rate => Method(rate, amount))]);

    public static InvoiceData Data() => Data(Kzt("12345.67"), BtcRate);

    /// <summary>A freshly created invoice payable in BTC only.</summary>
    public static Invoice New() => Invoice.Create(Data());

    public static Invoice New(Money amount, ExchangeRate rate) => Invoice.Create(Data(amount, rate));

    /// <summary>A stored invoice in <paramref name="status"/> with <paramref name="paidSatoshis"/> seen so far.</summary>
    public static Invoice Restored(InvoiceStatus status, long paidSatoshis = 0)
    {
        var data = Data();
        return Invoice.Restore(data with
        {
            Status = status,
            Methods = [Method(BtcRate, data.Amount, new Money(Currency.BTC, paidSatoshis))],
            Version = 3,
        });
    }
}
