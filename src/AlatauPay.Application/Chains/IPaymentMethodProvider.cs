using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;
using AlatauPay.Domain.Invoices;

namespace AlatauPay.Application.Chains;

/// <summary>
/// A chain adapter's offer for one payment method: it checks the wallet keys departments register
/// and turns a department's key and the next free index into a deposit target.
/// Adding a chain means adding an implementation of this port; nothing in Application changes.
/// </summary>
public interface IPaymentMethodProvider
{
    /// <summary>The currency residents pay in (BTC, LTC, ...).</summary>
    Currency Method { get; }

    /// <summary>The chain whose wallet the method uses; the key under <c>wallets</c> in a department.</summary>
    string WalletChain { get; }

    /// <summary>The network from deployment configuration (<c>main</c>, <c>test</c>, <c>regtest</c>); null when not configured.</summary>
    string? Network { get; }

    /// <summary>
    /// The field under <c>wallets.{chain}</c> that holds what a department registers: <c>xpub</c> for an
    /// account key, <c>treasury</c> for an EVM treasury address.
    /// </summary>
    string WalletField => "xpub";

    /// <summary>
    /// Confirmations a payment in this method needs under <paramref name="policy"/>, given what the department
    /// asks of Bitcoin-family payments (<paramref name="bitcoinFamilyConfirmations"/>) and its own rule for
    /// the wallet's chain, if it set one (<paramref name="walletRule"/>); other chains map the policy onto
    /// their own depths.
    /// </summary>
    int RequiredConfirmations(SpeedPolicy policy, int bitcoinFamilyConfirmations, WalletConfirmations? walletRule) => bitcoinFamilyConfirmations;

    /// <summary>
    /// Whether a department may set <c>wallets.{chain}.confirmations</c> for this method's chain; chains
    /// without it follow the speed policy alone.
    /// </summary>
    bool AcceptsWalletConfirmations => false;

    /// <summary>
    /// Validates a watch-only account key for this chain and network and returns its normalised form.
    /// Throws <see cref="Common.RequestInvalidException"/> on the field <paramref name="field"/> when the key is
    /// malformed (<c>wallet-key-malformed</c>), private (<c>wallet-key-private</c>) or of another network
    /// (<c>wallet-key-wrong-network</c>). The key text never appears in the exception message.
    /// </summary>
    WatchOnlyKey ParseWalletKey(string extendedKey, string field);

    /// <summary>Derives the deposit target of <paramref name="context"/> and its payment URI for <paramref name="due"/>.</summary>
    DepositTarget Derive(WatchOnlyKey key, DepositContext context, Money due);

    /// <summary>
    /// Prepares the targets <paramref name="fromIndex"/> onwards before a request takes its index, so that
    /// <see cref="Derive"/> inside the request's write transaction is a lookup rather than elliptic-curve work.
    /// </summary>
    void DeriveAhead(WatchOnlyKey key, long fromIndex, int count)
    {
    }
}

/// <summary>
/// What a deposit target is derived for: the invoice (EVM forwarders are bound to it) and the wallet's next
/// free index (Bitcoin-family addresses are the key's child at it).
/// </summary>
public sealed record DepositContext(InvoiceId Invoice, long Index);

/// <summary>A validated watch-only key: the text to store and a short fingerprint safe to show and log.</summary>
public sealed record WatchOnlyKey(string ExtendedKey, string Fingerprint);

/// <summary>Where a resident pays: an address and the payment URI (BIP21, EIP-681) that encodes the amount.</summary>
public sealed record DepositTarget(string Address, string PaymentUri, long DerivationIndex);
