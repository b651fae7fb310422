using AlatauPay.Api.Checkout;
using AlatauPay.Application.Common;
using AlatauPay.Application.Invoices.Checkout;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AlatauPay.Checkout.Tests;

/// <summary>
/// The method tabs from the keyboard alone. A page with two methods is rendered by the gateway's own renderer and
/// served in place of a real invoice's, so it needs no second chain; its script and styles come from the gateway.
/// </summary>
public sealed class KeyboardTests(CheckoutFixture fixture) : IClassFixture<CheckoutFixture>
{
    [Fact]
    public async Task ArrowKeysMoveBetweenMethodTabsAndShowOnlyTheChosenPanel()
    {
        var html = CheckoutPage.Render(TwoMethods(), CheckoutText.For("en"));
        var (page, _) = await fixture.OpenAsync();
        await page.RouteAsync("**/pay/inv_twomethods", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html; charset=utf-8",
            Body = html,
            Headers = new Dictionary<string, string> { ["Content-Security-Policy"] = CheckoutEndpoints.ContentSecurityPolicy },
        }));
        await page.GotoAsync("/pay/inv_twomethods");

        await page.Locator("#tab-LTC").FocusAsync();
        await Expect(page.Locator("#panel-LTC")).ToBeVisibleAsync();
        await Expect(page.Locator("#panel-BTC")).ToBeHiddenAsync();

        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.Locator("#tab-BTC")).ToBeFocusedAsync();
        await Expect(page.Locator("#tab-BTC")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.Locator("#panel-BTC")).ToBeVisibleAsync();
        await Expect(page.Locator("#panel-LTC")).ToBeHiddenAsync();
        await Screenshots.TakeAsync(page, "12-second-method-by-keyboard");

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#panel-BTC button.copy").First).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Home");
        await Expect(page.Locator("#panel-LTC")).ToBeVisibleAsync();
    }

    private static CheckoutView TwoMethods() => new(
        "inv_twomethods",
        "new",
        [],
        "Alatau Water",
        "Cold water",
        "ACC-1001",
        new AmountView("KZT", "12345.67"),
        null,
        DateTimeOffset.UtcNow.AddHours(1),
        1,
        [
            new CheckoutMethodView(
                "LTC", new("LTC", "0.5"), new("LTC", "0"), new("LTC", "0.5"), "rltc1qexample", "litecoin:rltc1qexample?amount=0.5", null),
            new CheckoutMethodView(
                "BTC", new("BTC", "0.001"), new("BTC", "0"), new("BTC", "0.001"), "bcrt1qexample", "bitcoin:bcrt1qexample?amount=0.001", null),
        ]);
}
