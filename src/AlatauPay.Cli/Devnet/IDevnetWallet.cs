namespace AlatauPay.Cli.Devnet;

/// <summary>
/// A funded account on one of the devnet's chains that can pay an address and make the chain move on. One
/// implementation per chain family: Bitcoin Core's wallet RPC, and anvil's unlocked accounts.
/// </summary>
public interface IDevnetWallet
{
    /// <summary>Sends <paramref name="amount"/> (a decimal string in the method's unit) and returns the transaction id.</summary>
    Task<string> PayAsync(string destination, string amount, CancellationToken cancellationToken);

    /// <summary>Mines <paramref name="blocks"/> blocks on top of the payment.</summary>
    Task MineAsync(int blocks, CancellationToken cancellationToken);
}

/// <summary>Which wallet pays which method on this devnet.</summary>
public static class DevnetWallets
{
    public static readonly IReadOnlyList<string> Methods = ["BTC", "LTC", "ETH", "USDT", "USDC"];

    /// <summary>The wallet for <paramref name="method"/>, or the reason there is none.</summary>
    public static (IDevnetWallet? Wallet, string? Unavailable) For(string method, DevnetState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return method switch
        {
            "BTC" or "LTC" when state.Chains.TryGetValue(method, out var node) => (new BitcoinFamilyDevnetWallet(node), null),
            "BTC" => (null, "this devnet runs no Bitcoin node (bitcoind was not on PATH when it started)."),
            "LTC" => (null, "this devnet runs no Litecoin node."),
            "ETH" or "USDT" or "USDC" when state.Ethereum is { } ethereum => (new EvmDevnetWallet(ethereum, method), null),
            "ETH" or "USDT" or "USDC" => (null, $"this devnet runs no Ethereum node (anvil), so {method} cannot be paid; restart it with ops/devnet."),
            _ => (null, $"'{method}' is not a payment method; use one of {string.Join(", ", Methods)}."),
        };
    }
}
