using AlatauPay.Domain.Amounts;
using AlatauPay.Testing;

namespace AlatauPay.Chains.Ethereum.Tests;

internal static class DevnetOptions
{
    /// <summary>The adapter's options for <paramref name="devnet"/>; another <paramref name="chainId"/> contradicts the node.</summary>
    public static EvmChainOptions Options(this EvmDevnet devnet, long? chainId = null, EvmTracing tracing = EvmTracing.Auto) => new()
    {
        Tracing = tracing,
        ChainId = chainId ?? AnvilNode.ChainId,
        ForwarderFactory = devnet.Factory,
        RpcUrl = devnet.Anvil.Url,
        Tokens = [new EvmToken(Currency.USDT, devnet.Usdt, 6), new EvmToken(Currency.USDC, devnet.Usdc, 6)],
    };
}
