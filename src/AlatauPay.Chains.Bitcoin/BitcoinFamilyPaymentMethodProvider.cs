using System.Collections.Concurrent;
using AlatauPay.Application.Chains;
using AlatauPay.Application.Common;
using AlatauPay.Chains.Bitcoin.Derivation;
using AlatauPay.Domain.Amounts;
using NBitcoin;
using DomainMoney = AlatauPay.Domain.Amounts.Money;

namespace AlatauPay.Chains.Bitcoin;

/// <summary>
/// BTC or LTC deposit addresses: native segwit (P2WPKH) receive addresses <c>…/0/i</c> of a department's
/// BIP84 account key, on the network the deployment configures.
/// </summary>
public sealed class BitcoinFamilyPaymentMethodProvider : IPaymentMethodProvider
{
    public const string Unavailable = "payment-method-unavailable";

    // Departments are few; the bound only keeps a misbehaving caller from growing the cache without limit.
    private const int MaxCachedAccounts = 1024;
    private const uint ReceiveBranchIndex = 0;

    // Enough for every address a burst of requests is about to take; cleared, not evicted, when full.
    private const int MaxCachedAddresses = 65_536;

    private readonly BitcoinFamilyChain chain;
    private readonly NBitcoin.Network? network;
    private readonly ConcurrentDictionary<string, ReceiveBranch> receiveBranches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Key, long Index), string> addresses = new();

    /// <exception cref="InvalidOperationException">The configured network is not one the chain knows.</exception>
    public BitcoinFamilyPaymentMethodProvider(BitcoinFamilyChain chain, BitcoinFamilyOptions options)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(options);
        this.chain = chain;
        if (!string.IsNullOrWhiteSpace(options.Network))
        {
            (Network, network) = chain.ResolveNetwork(options.Network);
        }
    }

    public Currency Method => chain.Currency;

    public string WalletChain => chain.WalletChain;

    public string? Network { get; }

    /// <summary>
    /// Whether receive addresses are derived through the system's libsecp256k1 (Debian <c>libsecp256k1-1</c>),
    /// several times faster than NBitcoin's managed curve arithmetic, which is used where the library is missing.
    /// </summary>
    public static bool UsesNativeSecp256k1 => ReceiveBranch.IsNative;

    public WatchOnlyKey ParseWalletKey(string extendedKey, string field)
    {
        var configured = network ?? throw new RequestInvalidException(
            field,
            Unavailable,
            $"{chain.Currency.Code} payments are not configured on this deployment ({chain.ConfigurationSection}:Network).");
        var account = WalletKeyReader.Read(extendedKey, chain, configured, field);
        return new WatchOnlyKey(account.ToString(configured), Fingerprint(account));
    }

    public DepositTarget Derive(WatchOnlyKey key, DepositContext context, DomainMoney due)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Derive(key, context.Index, due);
    }

    /// <summary>The receive address at <paramref name="index"/>; the invoice plays no part in it.</summary>
    public DepositTarget Derive(WatchOnlyKey key, long index, DomainMoney due)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, int.MaxValue);
        if (due.Currency != chain.Currency)
        {
            throw new ArgumentException($"A {chain.Currency.Code} deposit cannot ask for {due.Currency.Code}.", nameof(due));
        }

        var address = AddressAt(key, index);
        return new DepositTarget(address, PaymentUri.Format(chain.UriScheme, address, due), index);
    }

    public void DeriveAhead(WatchOnlyKey key, long fromIndex, int count)
    {
        ArgumentNullException.ThrowIfNull(key);
        // From the top of the window down to the first address already known: the window moves up an index or two
        // per invoice, so the rest of it was derived by the calls before, and is not looked up again.
        for (var index = Math.Min(fromIndex + count - 1, int.MaxValue); index >= fromIndex; index--)
        {
            if (addresses.ContainsKey((key.ExtendedKey, index)))
            {
                return;
            }

            AddressAt(key, index);
        }
    }

    private string AddressAt(WatchOnlyKey key, long index)
    {
        if (addresses.TryGetValue((key.ExtendedKey, index), out var cached))
        {
            return cached;
        }

        var configured = network ?? throw new InvalidOperationException(
            $"{chain.Currency.Code} payments are not configured ({chain.ConfigurationSection}:Network).");
        var address = ReceiveBranchOf(key, configured).AddressAt((uint)index, configured).ToString();
        if (addresses.Count >= MaxCachedAddresses)
        {
            addresses.Clear();
        }

        return addresses.GetOrAdd((key.ExtendedKey, index), address);
    }

    /// <summary>Hex of the first four bytes of HASH160 of the account public key, as BIP32 fingerprints are formed.</summary>
    internal static string Fingerprint(ExtPubKey account) =>
        Convert.ToHexStringLower(account.PubKey.Hash.ToBytes(), 0, 4);

    private ReceiveBranch ReceiveBranchOf(WatchOnlyKey key, NBitcoin.Network configured)
    {
        if (receiveBranches.TryGetValue(key.ExtendedKey, out var cached))
        {
            return cached;
        }

        ExtPubKey account;
        try
        {
            account = WalletKeyReader.Read(key.ExtendedKey, chain, configured, "wallet");
        }
        catch (RequestInvalidException e)
        {
            throw new InvalidOperationException(
                $"The stored {chain.Currency.Code} wallet key {key.Fingerprint} is not usable on {Network}: {e.Code}.",
                e);
        }

        if (receiveBranches.Count >= MaxCachedAccounts)
        {
            receiveBranches.Clear();
        }

        return receiveBranches.GetOrAdd(key.ExtendedKey, new ReceiveBranch(account.Derive(ReceiveBranchIndex)));
    }
}
