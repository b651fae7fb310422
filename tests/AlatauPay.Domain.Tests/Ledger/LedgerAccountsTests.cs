using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;

namespace AlatauPay.Domain.Tests.Ledger;

public class LedgerAccountsTests
{
    [Fact]
    public void NamesTheChartOfAccounts()
    {
        Assert.Equal("assets:crypto:BTC:water", LedgerAccounts.CryptoAssets(Currency.BTC, TestInvoices.Water));
        Assert.Equal("trading:ETH", LedgerAccounts.Trading(Currency.ETH));
        Assert.Equal("revenue:water:cold-water", LedgerAccounts.Revenue(TestInvoices.Water, TestInvoices.ColdWater));
        Assert.Equal("liabilities:payer-credit:LTC:water:LS-1", LedgerAccounts.PayerCredit(Currency.LTC, TestInvoices.Water, "LS-1"));
    }

    [Fact]
    public void AcceptsEveryAccountTheChartNames()
    {
        foreach (var currency in Currency.All)
        {
            Assert.True(LedgerAccounts.IsValid(LedgerAccounts.CryptoAssets(currency, TestInvoices.Water)));
            Assert.True(LedgerAccounts.IsValid(LedgerAccounts.Trading(currency)));
            Assert.True(LedgerAccounts.IsValid(LedgerAccounts.PayerCredit(currency, TestInvoices.Water, TestInvoices.Payer.Account)));
        }

        Assert.True(LedgerAccounts.IsValid(LedgerAccounts.Revenue(TestInvoices.Water, TestInvoices.ColdWater)));
    }

    [Fact]
    public void RefusesAnAccountEndingInANewline() =>
        Assert.False(LedgerAccounts.IsValid("trading:KZT\n"));
}
