using AlatauPay.Cli.Devnet;
using AlatauPay.EndToEnd.Tests;
using AlatauPay.Testing;
using Microsoft.Playwright;

namespace AlatauPay.Checkout.Tests;

/// <summary>
/// A Litecoin regtest node, the real gateway watching it, and headless Chromium; one per test class. It also
/// describes itself as a devnet (<c>devnet.json</c>), so payments go through <c>alatau devnet pay</c> as a
/// developer's would.
/// </summary>
public sealed class CheckoutFixture : IAsyncLifetime
{
    private readonly string devnet = Path.Combine(Path.GetTempPath(), "alataupay-checkout-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? playwright;
    private IBrowser? browser;

    public LitecoinGateway Gateway { get; } = new();

    public HttpClient Client => Gateway.Client;

    public Uri BaseAddress => Gateway.Client.BaseAddress!;

    public async Task InitializeAsync()
    {
        (playwright, browser) = await SystemChromium.LaunchAsync();
        await Gateway.InitializeAsync();
        Directory.CreateDirectory(devnet);
        var node = Gateway.Node;
        var state = new DevnetState(
            BaseAddress.ToString(),
            PaymentGateway.AdminKey,
            new Dictionary<string, DevnetNode> { ["LTC"] = new(node.RpcUrl.ToString(), node.RpcUser, node.RpcPassword, RegtestNode.WalletName) });
        await state.SaveAsync(devnet, CancellationToken.None);
    }

    /// <summary>A phone-sized page whose browser asks for <paramref name="locale"/>; console errors (CSP violations among them) are collected.</summary>
    public Task<(IPage Page, List<string> Errors)> OpenAsync(string locale = "en-US") => CheckoutBrowser.OpenAsync(browser!, BaseAddress, locale);

    /// <summary>Runs <c>alatau devnet pay</c> against this fixture's node and gateway; returns what it printed.</summary>
    public Task<string> PayAsync(string invoiceId, string? amount = null, int blocks = 1) =>
        CheckoutBrowser.PayAsync(devnet, invoiceId, "LTC", amount, blocks);

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        await Gateway.DisposeAsync();
        if (Directory.Exists(devnet))
        {
            Directory.Delete(devnet, recursive: true);
        }
    }
}
