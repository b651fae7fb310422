using System.Text.RegularExpressions;
using AlatauPay.Api.Checkout;
using AlatauPay.Application.Common;
using AlatauPay.Application.Invoices.Checkout;

namespace AlatauPay.Checkout.Tests;

/// <summary>The page's HTML and words, rendered without a browser or a gateway.</summary>
public sealed partial class CheckoutRenderingTests
{
    [Fact]
    public void EveryLanguageHasEveryEnglishSentence()
    {
        var english = CheckoutText.For("en").Keys.Order().ToList();
        foreach (var text in CheckoutText.All)
        {
            Assert.Equal(english, text.Keys.Order().ToList());
        }
    }

    [Theory]
    [InlineData("kk")]
    [InlineData("ru")]
    [InlineData("en")]
    public void PageCarriesNoInlineScriptOrStyleSoTheStrictPolicyHolds(string language)
    {
        var html = CheckoutPage.Render(Invoice("new"), CheckoutText.For(language));

        Assert.All(ScriptTag().Matches(html), tag => Assert.Contains("src=\"/pay/assets/checkout.js\"", tag.Value, StringComparison.Ordinal));
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(InlineHandler(), html);
        Assert.Contains($"<html lang=\"{language}\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void PayerTextIsEscaped()
    {
        var html = CheckoutPage.Render(Invoice("new") with { PayerAccount = "<script>alert(1)</script>" }, CheckoutText.For("en"));

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ClosedInvoicesOfferNoAddress()
    {
        foreach (var status in new[] { "settled", "expired", "invalid", "cancelled" })
        {
            var html = CheckoutPage.Render(Invoice(status), CheckoutText.For("en"));
            Assert.DoesNotContain("rltc1qexample", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("processing", new[] { "paid_partial" }, "Please send the rest: 0.5\u00A0LTC.")]
    [InlineData("settled", new[] { "paid_over" }, "return the difference")]
    [InlineData("expired", new[] { "paid_partial" }, "Only part of the amount (0.5\u00A0LTC)")]
    [InlineData("expired", new[] { "paid_late" }, "arrived after the time ran out")]
    [InlineData("invalid", new string[0], "replaced or dropped")]
    [InlineData("processing", new string[0], "after 1 network confirmations")]
    public void ExceptionStatesAreExplainedInPlainWords(string status, string[] flags, string expected)
    {
        var state = CheckoutState.Of(Invoice(status, flags), CheckoutText.For("en"));

        Assert.Contains(expected, state.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LTC", "1.00000000", "0.25000000", "litecoin:rltc1qexample?amount=1", "litecoin:rltc1qexample?amount=0.75")]
    [InlineData("ETH", "0.010000000000000000", "0.002500000000000000", "ethereum:0xForwarder@31337?value=10000000000000000", "ethereum:0xForwarder@31337?value=7500000000000000")]
    [InlineData(
        "USDT",
        "23.741674",
        "10.000000",
        "ethereum:0xToken@31337/transfer?address=0xForwarder&uint256=23741674",
        "ethereum:0xToken@31337/transfer?address=0xForwarder&uint256=13741674")]
    public void APartlyPaidMethodAsksForTheRemainderInItsAmountAndUri(string method, string due, string paid, string uri, string expected)
    {
        var remaining = decimal.Parse(due, System.Globalization.CultureInfo.InvariantCulture) - decimal.Parse(paid, System.Globalization.CultureInfo.InvariantCulture);
        var remainingText = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var view = Invoice("processing", ["paid_partial"]) with
        {
            Methods = [new CheckoutMethodView(
                method, new AmountView(method, due), new AmountView(method, paid), new AmountView(method, remainingText), "0xForwarder", uri, 1)],
        };

        var html = System.Net.WebUtility.HtmlDecode(CheckoutPage.Render(view, CheckoutText.For("en")));
        var update = CheckoutState.Update(view, CheckoutText.For("en"))["methods"]![0]!;

        Assert.Contains($"data-uri=\"{expected}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{expected}\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-copy=\"{remainingText}\"", html, StringComparison.Ordinal);
        Assert.Equal(expected, update["uri"]!.GetValue<string>());
        Assert.Equal(remainingText, update["due"]!.GetValue<string>());
        Assert.Contains(update["qr"]!.GetValue<string>(), html, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingPaidYetAsksForTheWholeAmount()
    {
        var update = CheckoutState.Update(Invoice("new"), CheckoutText.For("en"))["methods"]![0]!;

        Assert.Equal("litecoin:rltc1qexample?amount=1", update["uri"]!.GetValue<string>());
        Assert.Equal("1", update["due"]!.GetValue<string>());
    }

    [Fact]
    public void EthereumMethodsCountTheirOwnDepth()
    {
        var view = Invoice("processing") with
        {
            Methods = [new CheckoutMethodView(
                "ETH",
                new AmountView("ETH", "0.01"),
                new AmountView("ETH", "0.01"),
                new AmountView("ETH", "0"),
                "0xForwarder",
                "ethereum:0xForwarder@31337?value=10000000000000000",
                3) { RequiredConfirmations = 12 }],
        };

        Assert.Contains("after 12 network confirmations", CheckoutState.Of(view, CheckoutText.For("en")).Message, StringComparison.Ordinal);
        Assert.Equal("3 of 12 network confirmations", CheckoutState.Update(view, CheckoutText.For("en"))["methods"]![0]!["confirmations"]!.GetValue<string>());
    }

    [Fact]
    public void AmountsAreGroupedInThousands() =>
        Assert.Equal("1\u202F234\u202F567.89\u00A0₸", CheckoutState.Money(new AmountView("KZT", "1234567.89")));

    private static CheckoutView Invoice(string status, string[]? flags = null)
    {
        var partly = flags?.Contains("paid_partial") == true;
        return new CheckoutView(
            "inv_example",
            status,
            flags ?? [],
            "Alatau Water",
            "Cold water",
            "ACC-1001",
            new AmountView("KZT", "12345.67"),
            null,
            DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            1,
            [new CheckoutMethodView(
                "LTC",
                new AmountView("LTC", "1"),
                new AmountView("LTC", partly ? "0.5" : "0"),
                new AmountView("LTC", partly ? "0.5" : "1"),
                "rltc1qexample",
                "litecoin:rltc1qexample?amount=1",
                partly ? 0 : null)]);
    }

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"<[^>]*\son[a-z]+=")]
    private static partial Regex InlineHandler();
}
