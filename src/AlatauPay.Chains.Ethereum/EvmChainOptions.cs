using AlatauPay.Domain.Amounts;

namespace AlatauPay.Chains.Ethereum;

/// <summary>Deployment settings of the Ethereum chain, read from <c>AlatauPay:Chains:ETH</c>.</summary>
public sealed class EvmChainOptions
{
    public const string Section = "AlatauPay:Chains:ETH";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The chain id the node must report (1 mainnet, 11155111 Sepolia, 31337 anvil); null leaves ETH unavailable.</summary>
    public long? ChainId { get; init; }

    /// <summary>The one <c>ForwarderFactory</c> of the chain, checksummed; null leaves ETH unavailable.</summary>
    public string? ForwarderFactory { get; init; }

    /// <summary>The node; without it addresses are issued but payments are not watched.</summary>
    public Uri? RpcUrl { get; init; }

    public TimeSpan RpcTimeout { get; init; } = DefaultTimeout;

    /// <summary>
    /// Whether ETH payments are read from the node's call traces (<see cref="EvmTracing.Auto"/>, falling back
    /// when the node has none) or from top-level transactions plus a balance check (<see cref="EvmTracing.Off"/>).
    /// </summary>
    public EvmTracing Tracing { get; init; } = EvmTracing.Auto;

    /// <summary>The ERC-20 tokens accepted on the chain, by currency.</summary>
    public IReadOnlyList<EvmToken> Tokens { get; init; } = [];

    /// <summary>True when invoices may offer ETH and its tokens: a chain id and a factory are configured.</summary>
    public bool IsConfigured => ChainId is not null && ForwarderFactory is not null;

    public EvmToken? TokenFor(Currency currency) => Tokens.FirstOrDefault(t => t.Currency == currency);
}

/// <summary>An ERC-20 token the gateway accepts: the currency it is paid as and its contract, checksummed.</summary>
public sealed record EvmToken(Currency Currency, string Contract, int Decimals);

/// <summary><c>AlatauPay:Chains:ETH:Rpc:Tracing</c>: <c>auto</c> uses call traces when the node serves them; <c>off</c> never asks.</summary>
public enum EvmTracing
{
    Auto,
    Off,
}
