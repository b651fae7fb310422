using AlatauPay.Domain.Amounts;
using NBitcoin;

namespace AlatauPay.Chains.Bitcoin;

/// <summary>What tells one Bitcoin-family chain from another: its currency, URI scheme and networks.</summary>
public sealed class BitcoinFamilyChain
{
    private readonly IReadOnlyDictionary<string, Func<Network>> networks;

    private BitcoinFamilyChain(
        Currency currency,
        string uriScheme,
        bool isLitecoin,
        IReadOnlyDictionary<string, Func<Network>> networks)
    {
        Currency = currency;
        UriScheme = uriScheme;
        IsLitecoin = isLitecoin;
        this.networks = networks;
    }

    public static BitcoinFamilyChain Bitcoin { get; } = new(
        Currency.BTC,
        "bitcoin",
        isLitecoin: false,
        new Dictionary<string, Func<Network>>(StringComparer.OrdinalIgnoreCase)
        {
            ["main"] = () => Network.Main,
            ["test"] = () => Network.TestNet,
            ["regtest"] = () => Network.RegTest,
            ["signet"] = () => NBitcoin.Bitcoin.Instance.Signet,
        });

    // Litecoin networks are built on first use: registering them is a process-wide side effect.
    public static BitcoinFamilyChain Litecoin { get; } = new(
        Currency.LTC,
        "litecoin",
        isLitecoin: true,
        new Dictionary<string, Func<Network>>(StringComparer.OrdinalIgnoreCase)
        {
            ["main"] = () => LitecoinNetworks.Instance.Mainnet,
            ["test"] = () => LitecoinNetworks.Instance.Testnet,
            ["regtest"] = () => LitecoinNetworks.Instance.Regtest,
        });

    public Currency Currency { get; }

    /// <summary>The key under a department's <c>wallets</c>: the chain's currency code.</summary>
    public string WalletChain => Currency.Code;

    /// <summary>The BIP21 scheme of payment URIs.</summary>
    public string UriScheme { get; }

    /// <summary>The configuration section this chain's <see cref="BitcoinFamilyOptions"/> are read from.</summary>
    public string ConfigurationSection => $"AlatauPay:Chains:{Currency.Code}";

    public IReadOnlyCollection<string> NetworkNames => [.. networks.Keys];

    internal bool IsLitecoin { get; }

    /// <summary>Resolves a configured network name; an unknown one fails naming the setting, so a deployment stops at start.</summary>
    internal (string Name, Network Network) ResolveNetwork(string name)
    {
        var trimmed = name.Trim();
        if (!networks.TryGetValue(trimmed, out var network))
        {
            throw new InvalidOperationException(
                $"{ConfigurationSection}:Network is '{trimmed}'; expected one of {string.Join(", ", networks.Keys)}.");
        }

        return (trimmed.ToLowerInvariant(), network());
    }
}
