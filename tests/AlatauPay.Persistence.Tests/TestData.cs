using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;
using AlatauPay.Domain.Invoices;

namespace AlatauPay.Persistence.Tests;

internal static class TestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    private static long lastIndex;

    public static Department Department(string code = "water") => new(
        new DepartmentCode(code),
        "Alatau Water",
        [new DepartmentService(new ServiceCode("cold-water"), "Cold water"), new DepartmentService(new ServiceCode("hot-water"), "Hot water")],
        new Dictionary<string, DepartmentWallet>
        {
            ["BTC"] = new("BTC", $"tpub-of-{code}", "e99b8628", "regtest", 0),
            ["LTC"] = new("LTC", $"tpub-of-{code}", "e99b8628", "regtest", 0),
        },
        SpeedPolicy.LowMedium,
        Now);

    public static Invoice Invoice(string department = "water", string amount = "12345.67", DateTimeOffset? createdAt = null)
    {
        var kzt = Money.Parse(amount, Currency.KZT);
        var created = createdAt ?? Now;
        var btc = Quote.Lock(ExchangeRate.Parse(Currency.BTC, Currency.KZT, "47500000"), "fixed", created, kzt);
        var eth = Quote.Lock(ExchangeRate.Parse(Currency.ETH, Currency.KZT, "0.0001"), "fixed", created, kzt);
        return Domain.Invoices.Invoice.Create(new InvoiceData(
            InvoiceId.New(),
            new DepartmentCode(department),
            new ServiceCode("cold-water"),
            new Payer("ACC-1001", "Aigerim"),
            kzt,
            "November water",
            new Dictionary<string, string> { ["bill"] = "2026-11" },
            created,
            created.AddHours(1),
            [
                new PaymentMethodDue(btc, $"bcrt1q-test-{Guid.NewGuid():N}", "bitcoin:x", Interlocked.Increment(ref lastIndex), Money.Zero(Currency.BTC)),
                new PaymentMethodDue(eth, $"0x{Guid.NewGuid():N}", "ethereum:x", null, Money.Zero(Currency.ETH)),
            ]));
    }
}
