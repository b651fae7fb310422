using System.Globalization;
using System.Numerics;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AlatauPay.Checkout.Tests;

/// <summary>A resident's checkout page in headless Chromium, paid on anvil in ETH and a token with <c>alatau devnet pay</c>.</summary>
public sealed class EthereumCheckoutScenarios(EthereumCheckoutFixture fixture) : IClassFixture<EthereumCheckoutFixture>
{
    private static readonly LocatorAssertionsToHaveTextOptions Live = new() { Timeout = 60_000 };

    [Fact]
    public async Task PaidInEtherTurnsSettledWithoutReloading()
    {
        var bill = await fixture.Gateway.CreateInvoiceAsync("ETH");
        var (page, errors) = await fixture.OpenAsync();
        await page.GotoAsync($"/pay/{bill.Id}");

        await Expect(page.Locator("#address-ETH")).ToHaveTextAsync(bill.Address);
        await Expect(page.Locator("#due-ETH")).ToHaveTextAsync(Decimal(bill.Due, bill.Scale));
        await Expect(page.Locator("#panel-ETH")).ToHaveAttributeAsync("data-uri", $"ethereum:{bill.Address}@31337?value={bill.Due}");
        var qr = page.Locator("#panel-ETH img.qr");
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"), "The QR code image did not decode.");
        await Screenshots.TakeAsync(page, "14-eth-new");

        await page.EvaluateAsync("() => { window.alatauMark = 'same page'; }");
        await fixture.PayAsync(bill.Id, "ETH", blocks: 0);

        // The payment's block is its first confirmation; the water department's medium policy asks for 12 on Ethereum.
        await Expect(page.Locator("#status-title")).ToHaveTextAsync("Payment received, confirming", Live);
        await Expect(page.Locator("#panel-ETH [data-field=confirmations]")).ToHaveTextAsync("1 of 12 network confirmations", Live);
        await Screenshots.TakeAsync(page, "15-eth-confirming");

        await fixture.Gateway.Devnet.Anvil.MineAsync(11);
        await Expect(page.Locator("#status-title")).ToHaveTextAsync("Paid", Live);
        await Expect(page.Locator("#receipt-link")).ToBeVisibleAsync();
        Assert.Equal("same page", await page.EvaluateAsync<string>("() => window.alatauMark"));
        await Screenshots.TakeAsync(page, "16-eth-settled");
        AssertNoBrowserErrors(errors);
    }

    [Fact]
    public async Task PartlyPaidInATokenAsksForTheRemainderThenSettles()
    {
        var bill = await fixture.Gateway.CreateInvoiceAsync("USDT");
        var (page, errors) = await fixture.OpenAsync();
        await page.GotoAsync($"/pay/{bill.Id}");
        var token = fixture.Gateway.Devnet.Usdt;
        await Expect(page.Locator("#panel-USDT")).ToHaveAttributeAsync("data-uri", $"ethereum:{token}@31337/transfer?address={bill.Address}&uint256={bill.Due}");

        var half = bill.Due / 2;
        var remainder = bill.Due - half;
        await fixture.PayAsync(bill.Id, "USDT", Decimal(half, bill.Scale));

        await Expect(page.Locator("#status-title")).ToHaveTextAsync("Partly paid", Live);
        await Expect(page.Locator("#due-USDT")).ToHaveTextAsync(Decimal(remainder, bill.Scale));
        await Expect(page.Locator("#copy-due-USDT")).ToHaveAttributeAsync("data-copy", Decimal(remainder, bill.Scale));
        var remainderUri = $"ethereum:{token}@31337/transfer?address={bill.Address}&uint256={remainder}";
        await Expect(page.Locator("#panel-USDT")).ToHaveAttributeAsync("data-uri", remainderUri);
        await Expect(page.Locator("#panel-USDT a.wallet")).ToHaveAttributeAsync("href", remainderUri);
        await Screenshots.TakeAsync(page, "17-usdt-partly-paid");

        await fixture.PayAsync(bill.Id, "USDT", Decimal(remainder, bill.Scale));
        await Expect(page.Locator("#status-title")).ToHaveTextAsync("Paid", Live);
        await Screenshots.TakeAsync(page, "18-usdt-settled");
        AssertNoBrowserErrors(errors);
    }

    /// <summary>An amount in the smallest unit as the page writes it: every decimal of the currency.</summary>
    private static string Decimal(BigInteger units, int scale)
    {
        var digits = units.ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        return $"{digits[..^scale]}.{digits[^scale..]}";
    }

    private static void AssertNoBrowserErrors(List<string> errors)
    {
        lock (errors)
        {
            Assert.True(errors.Count == 0, "The browser reported: " + string.Join(" | ", errors));
        }
    }
}
