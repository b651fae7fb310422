using AlatauPay.Cli.Devnet;
using AlatauPay.EndToEnd.Tests;
using AlatauPay.Testing;
using Microsoft.Playwright;

namespace AlatauPay.Checkout.Tests;

/// <summary>
/// anvil with the forwarder factory and test tokens, the real gateway watching it, and headless Chromium; one per
/// test class. It describes itself as a devnet (<c>devnet.json</c>) whose payer is anvil's resident account and
/// whose token minter is the deployer, so payments go through <c>alatau devnet pay</c> as a developer's would.
/// </summary>
public sealed class EthereumCheckoutFixture : IAsyncLifetime
{
    private readonly string devnet = Path.Combine(Path.GetTempPath(), "alataupay-checkout-eth-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? playwright;
    private IBrowser? browser;

    public EthereumGateway Gateway { get; } = new();

    public Uri BaseAddress => Gateway.Client.BaseAddress!;

    public async Task InitializeAsync()
    {
        (playwright, browser) = await SystemChromium.LaunchAsync();
        await Gateway.InitializeAsync();
        Directory.CreateDirectory(devnet);
        var evm = Gateway.Devnet;
        var state = new DevnetState(BaseAddress.ToString(), PaymentGateway.AdminKey, new Dictionary<string, DevnetNode>())
        {
            Ethereum = new DevnetEthereum(
                evm.Anvil.Url.ToString(), AnvilNode.ChainId, evm.Deployer, evm.Resident, EthereumGateway.Treasury, evm.Factory, evm.Usdt, evm.Usdc),
        };
        await state.SaveAsync(devnet, CancellationToken.None);
    }

    public Task<(IPage Page, List<string> Errors)> OpenAsync(string locale = "en-US") => CheckoutBrowser.OpenAsync(browser!, BaseAddress, locale);

    /// <summary>Runs <c>alatau devnet pay</c>; without <paramref name="blocks"/> it mines what the invoice's policy needs.</summary>
    public Task<string> PayAsync(string invoiceId, string method, string? amount = null, int? blocks = null) =>
        CheckoutBrowser.PayAsync(devnet, invoiceId, method, amount, blocks);

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
