using System.Globalization;
using AlatauPay.Cli;
using Microsoft.Playwright;

namespace AlatauPay.Checkout.Tests;

/// <summary>What the browser fixtures share: opening a checkout page as a resident would, and paying it with <c>alatau devnet pay</c>.</summary>
public static class CheckoutBrowser
{
    /// <summary>A phone-sized page whose browser asks for <paramref name="locale"/>; console errors (CSP violations among them) are collected.</summary>
    public static async Task<(IPage Page, List<string> Errors)> OpenAsync(IBrowser browser, Uri baseAddress, string locale)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            BaseURL = baseAddress.ToString(),
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        return (page, errors);
    }

    /// <summary>Runs <c>alatau devnet pay</c> against the devnet described in <paramref name="devnet"/>; returns what it printed.</summary>
    public static async Task<string> PayAsync(string devnet, string invoiceId, string method, string? amount = null, int? blocks = null)
    {
        string[] args = ["devnet", "pay", invoiceId, "--method", method, "--devnet", devnet];
        if (blocks is { } mined)
        {
            args = [.. args, "--blocks", mined.ToString(CultureInfo.InvariantCulture)];
        }

        if (amount is not null)
        {
            args = [.. args, "--amount", amount];
        }

        using var output = new StringWriter();
        var code = await AlatauCli.RunAsync(args, output, output, CancellationToken.None);
        Assert.True(code == 0, $"alatau {string.Join(' ', args)} exited with {code}: {output}");
        return output.ToString();
    }
}
