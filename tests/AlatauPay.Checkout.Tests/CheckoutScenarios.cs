using System.Globalization;
using System.Text.RegularExpressions;
using AlatauPay.EndToEnd.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AlatauPay.Checkout.Tests;

/// <summary>A resident's checkout page in headless Chromium, paid on Litecoin regtest with <c>alatau devnet pay</c>.</summary>
public sealed partial class CheckoutScenarios(CheckoutFixture fixture) : IClassFixture<CheckoutFixture>
{
    // Generous: the machine may be busy, and a wait for a condition ends as soon as it holds.
    private static readonly LocatorAssertionsToHaveTextOptions Live = new() { Timeout = 60_000 };

    [Fact]
    public async Task ShowsTheBillAndTurnsSettledWithoutReloading()
    {
        var bill = await fixture.Client.CreateInvoiceAsync("LTC");
        var (page, errors) = await fixture.OpenAsync();
        var response = await page.GotoAsync($"/pay/{bill.Id}");

        Assert.Equal(200, response!.Status);
        Assert.Contains("script-src 'self'", (await response.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await Expect(page.Locator("#amount dd")).ToHaveTextAsync("12\u202F345.67\u00A0₸");
        await Expect(page.Locator("#address-LTC")).ToHaveTextAsync(bill.Address);
        await Expect(page.Locator("#due-LTC")).ToHaveTextAsync(bill.Due.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("#status-title")).ToHaveTextAsync("Waiting for your payment");
        await Expect(page.Locator("#countdown")).ToHaveTextAsync(CountdownPattern());
        await AssertQrCodeShownAsync(page);
        await Screenshots.TakeAsync(page, "01-new");

        // A mark on the window survives only as long as the page is not reloaded.
        await page.EvaluateAsync("() => { window.alatauMark = 'same page'; }");
        await fixture.PayAsync(bill.Id, blocks: 0);
        await Expect(page.Locator("#status-title")).ToHaveTextAsync("Payment received, confirming", Live);
        await Expect(page.Locator("#panel-LTC [data-field=confirmations]")).ToHaveTextAsync("0 of 1 network confirmations", Live);
        await Screenshots.TakeAsync(page, "02-processing");

        await fixture.Gateway.Node.MineAsync(1);
        await Expect(page.Locator("#status-title")).ToHaveTextAsync("Paid", Live);
        await Expect(page.Locator("#receipt-link")).ToBeVisibleAsync();
        await Expect(page.Locator("#methods")).ToBeHiddenAsync();
        Assert.Equal("same page", await page.EvaluateAsync<string>("() => window.alatauMark"));
        await Screenshots.TakeAsync(page, "03-settled");

        await page.Locator("#receipt-link").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Payment receipt");
        await Expect(page.Locator("#receipt-details")).ToContainTextAsync(bill.Id);
        await Expect(page.Locator("#receipt-details")).ToContainTextAsync("LTC:");
        await Screenshots.TakeAsync(page, "04-receipt");
        AssertNoBrowserErrors(errors);
    }

    [Fact]
    public async Task PartialPaymentShowsTheRemainder()
    {
        var bill = await fixture.Client.CreateInvoiceAsync("LTC");
        var (page, errors) = await fixture.OpenAsync();
        await page.GotoAsync($"/pay/{bill.Id}");
        await Expect(page.Locator("#status-title")).ToHaveTextAsync("Waiting for your payment");
        var full = Bip21Amount(bill.Due);
        Assert.Equal($"litecoin:{bill.Address}?amount={full}", await page.Locator("#panel-LTC").GetAttributeAsync("data-uri"));
        var fullQr = await page.Locator("#panel-LTC img.qr").GetAttributeAsync("src");
        await page.EvaluateAsync("() => { window.alatauMark = 'same page'; }");

        var half = decimal.Round(bill.Due / 2, 8, MidpointRounding.ToZero);
        var remainder = (bill.Due - half).ToString(CultureInfo.InvariantCulture);
        await fixture.PayAsync(bill.Id, half.ToString(CultureInfo.InvariantCulture));

        await Expect(page.Locator("#status-title")).ToHaveTextAsync("Partly paid", Live);
        await Expect(page.Locator("#status-message")).ToContainTextAsync($"{remainder}\u00A0LTC", new() { Timeout = 60_000 });
        await Expect(page.Locator("#panel-LTC [data-field=remaining]")).ToHaveTextAsync($"{remainder}\u00A0LTC");
        await Expect(page.Locator("#panel-LTC [data-field=received]")).ToHaveTextAsync($"{half.ToString(CultureInfo.InvariantCulture)}\u00A0LTC");
        await Expect(page.Locator("#address-LTC")).ToBeVisibleAsync();

        // What the resident is asked to send now, and what a wallet scanning the code or following the link would send.
        var remainderUri = $"litecoin:{bill.Address}?amount={Bip21Amount(bill.Due - half)}";
        await Expect(page.Locator("#due-LTC")).ToHaveTextAsync(remainder);
        await Expect(page.Locator("#copy-due-LTC")).ToHaveAttributeAsync("data-copy", remainder);
        await Expect(page.Locator("#panel-LTC")).ToHaveAttributeAsync("data-uri", remainderUri);
        await Expect(page.Locator("#panel-LTC a.wallet")).ToHaveAttributeAsync("href", remainderUri);
        var remainderQr = await page.Locator("#panel-LTC img.qr").GetAttributeAsync("src");
        Assert.NotEqual(fullQr, remainderQr);
        Assert.True(await page.Locator("#panel-LTC img.qr").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"), "The remainder's QR code did not decode.");
        Assert.Equal("same page", await page.EvaluateAsync<string>("() => window.alatauMark"));

        // The server renders the same on a fresh load, and the QR it draws is the one the live update drew.
        var fresh = System.Net.WebUtility.HtmlDecode(await fixture.Client.GetStringAsync(new Uri($"/pay/{bill.Id}", UriKind.Relative)));
        Assert.Contains($"data-uri=\"{remainderUri}\"", fresh, StringComparison.Ordinal);
        Assert.Contains(remainderQr!, fresh, StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "05-partly-paid");
        AssertNoBrowserErrors(errors);
    }

    [Fact]
    public async Task FallsBackToPollingWhenEventsCannotStream()
    {
        var bill = await fixture.Client.CreateInvoiceAsync("LTC");
        var (page, _) = await fixture.OpenAsync();
        await page.RouteAsync("**/events*", route => route.AbortAsync());
        await page.GotoAsync($"/pay/{bill.Id}");
        await Expect(page.Locator("#live-paused")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        await fixture.PayAsync(bill.Id);

        await Expect(page.Locator("#status-title")).ToHaveTextAsync("Paid", Live);
        await Expect(page.Locator("#receipt-link")).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "11-settled-by-polling");
    }

    [Fact]
    public async Task LanguageFollowsTheBrowserAndTheSwitcherIsRemembered()
    {
        var bill = await fixture.Client.CreateInvoiceAsync("LTC");
        var (page, errors) = await fixture.OpenAsync("ru-RU");
        await page.GotoAsync($"/pay/{bill.Id}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Оплата городского счёта");
        Assert.Equal("ru", await page.Locator("html").GetAttributeAsync("lang"));
        await Screenshots.TakeAsync(page, "06-language-ru");

        await page.GetByRole(AriaRole.Link, new() { Name = "Қазақша" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Қалалық шотты төлеу");
        await Expect(page.Locator("#status-title")).ToHaveTextAsync("Төлеміңізді күтудеміз");
        Assert.Equal("kk", await page.Locator("html").GetAttributeAsync("lang"));
        await Screenshots.TakeAsync(page, "07-language-kk");

        await page.GotoAsync($"/pay/{bill.Id}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Қалалық шотты төлеу");

        await page.Keyboard.PressAsync("Tab");
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Pay a city bill");
        AssertNoBrowserErrors(errors);
    }

    [Fact]
    public async Task ExpiredInvoiceSaysSoLiveAndHidesTheAddress()
    {
        var bill = await fixture.Client.CreateInvoiceAsync("LTC", expiresInMinutes: 15);
        var (page, errors) = await fixture.OpenAsync();
        await page.GotoAsync($"/pay/{bill.Id}");
        await Expect(page.Locator("#address-LTC")).ToBeVisibleAsync();

        fixture.Gateway.Clock.Advance(TimeSpan.FromMinutes(16));
        await Expect(page.Locator("#status-title")).ToHaveTextAsync("Time to pay has run out", Live);
        await Expect(page.Locator("#methods")).ToBeHiddenAsync();
        await Screenshots.TakeAsync(page, "08-expired");

        await page.ReloadAsync();
        await Expect(page.Locator("#status-title")).ToHaveTextAsync("Time to pay has run out");
        Assert.Equal(0, await page.Locator("#address-LTC").CountAsync());
        AssertNoBrowserErrors(errors);
    }

    [Fact]
    public async Task MoneyAfterExpiryIsExplainedAsPaidLate()
    {
        var bill = await fixture.Client.CreateInvoiceAsync("LTC", expiresInMinutes: 15);
        fixture.Gateway.Clock.Advance(TimeSpan.FromMinutes(16));
        await fixture.Client.WaitForStatusAsync(bill.Id, "expired");

        await fixture.PayAsync(bill.Id);
        await fixture.Client.WaitForStatusAsync(bill.Id, "expired", "paid_late");

        var (page, errors) = await fixture.OpenAsync("ru-RU");
        await page.GotoAsync($"/pay/{bill.Id}");
        await Expect(page.Locator("#status-title")).ToHaveTextAsync("Время на оплату истекло");
        await Expect(page.Locator("#status-message")).ToHaveTextAsync(
            "Ваш платёж пришёл после истечения времени. Он учтён, учреждение свяжется с вами, чтобы зачесть его или вернуть.");
        Assert.Equal(0, await page.Locator("#address-LTC").CountAsync());
        await Screenshots.TakeAsync(page, "13-paid-late");
        AssertNoBrowserErrors(errors);
    }

    [Fact]
    public async Task UnknownInvoiceIsAFriendlyNotFoundInTheChosenLanguage()
    {
        var (page, _) = await fixture.OpenAsync("kk-KZ");
        var response = await page.GotoAsync("/pay/inv_doesnotexist0000000000000");

        Assert.Equal(404, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Шот табылмады");
        await Screenshots.TakeAsync(page, "09-not-found");
    }

    [Fact]
    public async Task CancelledInvoiceSaysSoAndOffersNoAddress()
    {
        var bill = await fixture.Client.CreateInvoiceAsync("LTC");
        using var cancelled = await fixture.Client.PostAsync($"/v1/invoices/{bill.Id}/cancel", null);
        Assert.True(cancelled.IsSuccessStatusCode, await cancelled.Content.ReadAsStringAsync());

        var (page, errors) = await fixture.OpenAsync();
        await page.GotoAsync($"/pay/{bill.Id}");

        await Expect(page.Locator("#status-title")).ToHaveTextAsync("This bill was cancelled");
        Assert.Equal(0, await page.Locator("#address-LTC").CountAsync());
        Assert.DoesNotContain(bill.Address, await page.ContentAsync(), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "10-cancelled");
        AssertNoBrowserErrors(errors);
    }

    /// <summary>Console errors include Content-Security-Policy violations and failed loads.</summary>
    private static void AssertNoBrowserErrors(List<string> errors)
    {
        lock (errors)
        {
            Assert.True(errors.Count == 0, "The browser reported: " + string.Join(" | ", errors));
        }
    }

    private static async Task AssertQrCodeShownAsync(IPage page)
    {
        var qr = page.Locator("#panel-LTC img.qr");
        await Expect(qr).ToBeVisibleAsync();
        Assert.StartsWith("data:image/png;base64,", await qr.GetAttributeAsync("src"), StringComparison.Ordinal);
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"), "The QR code image did not decode.");
    }

    /// <summary>BIP21's amount: a decimal in coins without trailing zeros.</summary>
    private static string Bip21Amount(decimal coins)
    {
        var text = coins.ToString(CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    [GeneratedRegex(@"^\d+:\d\d(:\d\d)?$")]
    private static partial Regex CountdownPattern();
}
