using System.Globalization;
using AlatauPay.Application.Chains;
using AlatauPay.Application.Common;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;

namespace AlatauPay.Chains.Ethereum;

/// <summary>
/// ETH, USDT or USDC on Ethereum. A department registers a treasury address; each invoice's deposit address
/// is the counterfactual CREATE2 forwarder bound to that invoice and that treasury, the same for every method
/// of the invoice, so nothing is deployed until a sweep and nothing can go anywhere but the treasury.
/// </summary>
public sealed class EvmPaymentMethodProvider : IPaymentMethodProvider
{
    public const string Malformed = "wallet-treasury-malformed";
    public const string BadChecksum = "wallet-treasury-checksum";
    public const string ZeroAddress = "wallet-treasury-zero";

    private readonly EvmChainOptions options;
    private readonly ForwarderAddresses? forwarders;
    private readonly EvmToken? token;
    private readonly EvmFinality finality;

    /// <param name="finality">What the watcher last saw of the node's finalized block; a department may wait for it.</param>
    public EvmPaymentMethodProvider(Currency method, EvmChainOptions options, ForwarderAddresses? forwarders, EvmFinality? finality = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(options);
        Method = method;
        this.options = options;
        this.forwarders = forwarders;
        this.finality = finality ?? new EvmFinality();
        token = method == Currency.ETH ? null : options.TokenFor(method);
        var available = options.IsConfigured && forwarders is not null && (method == Currency.ETH || token is not null);
        Network = available ? options.ChainId!.Value.ToString(CultureInfo.InvariantCulture) : null;
    }

    public Currency Method { get; }

    public string WalletChain => Currency.ETH.Code;

    /// <summary>The configured chain id as text; null when the chain, its factory or this token is not configured.</summary>
    public string? Network { get; }

    public string WalletField => "treasury";

    /// <summary>
    /// Confirmations are block depth: the department's own depth for its ETH wallet, or the depth that reaches
    /// the node's finalized block, or else the speed policy mapped onto EVM depths. While the node has not told
    /// (or cannot tell) where finality is, a department asking for it waits the policy's depth.
    /// </summary>
    public int RequiredConfirmations(SpeedPolicy policy, int bitcoinFamilyConfirmations, WalletConfirmations? walletRule) => walletRule switch
    {
        { Depth: { } depth } => depth,
        { IsFinalized: true } => finality.RequiredDepth ?? EvmDepths.For(policy),
        _ => EvmDepths.For(policy),
    };

    public bool AcceptsWalletConfirmations => true;

    public WatchOnlyKey ParseWalletKey(string extendedKey, string field)
    {
        if (Network is null)
        {
            throw new RequestInvalidException(field, "payment-method-unavailable",
                $"{Method.Code} payments are not configured on this deployment ({EvmChainOptions.Section}:ChainId and :ForwarderFactory).");
        }

        var treasury = ParseTreasury(extendedKey, field);
        return new WatchOnlyKey(treasury, Fingerprint(treasury));
    }

    public DepositTarget Derive(WatchOnlyKey key, DepositContext context, Money due)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(context);
        if (due.Currency != Method)
        {
            throw new ArgumentException($"A {Method.Code} deposit cannot ask for {due.Currency.Code}.", nameof(due));
        }

        var configured = forwarders ?? throw new InvalidOperationException($"{Method.Code} payments are not configured ({EvmChainOptions.Section}).");
        var address = configured.AddressOf(context.Invoice, key.ExtendedKey);
        var uri = token is null
            ? Eip681.Ether(address, options.ChainId!.Value, due)
            : Eip681.TokenTransfer(token.Contract, address, options.ChainId!.Value, due);
        return new DepositTarget(address, uri, context.Index);
    }

    /// <summary>The address as registered, refused unless it is well formed, correctly EIP-55 checksummed and not zero.</summary>
    internal static string ParseTreasury(string? text, string field)
    {
        var trimmed = text?.Trim() ?? "";
        if (!EthereumAddress.IsWellFormed(trimmed))
        {
            throw new RequestInvalidException(field, Malformed, "treasury must be an Ethereum address: 0x and 40 hex digits.");
        }

        var checksummed = EthereumAddress.Checksum(trimmed);
        if (checksummed != trimmed)
        {
            throw new RequestInvalidException(field, BadChecksum,
                "treasury must be written with its EIP-55 checksum (mixed case); a mistyped address would send every payment where nobody can spend it.");
        }

        return checksummed == EthereumAddress.Zero
            ? throw new RequestInvalidException(field, ZeroAddress, "treasury must not be the zero address: funds sent there are lost.")
            : checksummed;
    }

    /// <summary>The first four bytes of the address in hex, as short as a BIP32 fingerprint.</summary>
    internal static string Fingerprint(string treasury) => treasury[2..10].ToLowerInvariant();
}
