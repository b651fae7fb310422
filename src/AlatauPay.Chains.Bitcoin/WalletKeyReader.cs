using System.Buffers.Binary;
using AlatauPay.Application.Common;
using NBitcoin;
using NBitcoin.DataEncoders;

namespace AlatauPay.Chains.Bitcoin;

/// <summary>
/// Turns the text a department registers into the account's public key, refusing anything that is not a
/// watch-only BIP84 key of the configured network. No message it produces contains the key text.
/// </summary>
internal static class WalletKeyReader
{
    public const string Malformed = "wallet-key-malformed";
    public const string Private = "wallet-key-private";
    public const string WrongNetwork = "wallet-key-wrong-network";

    private const int SerializedLength = 78;
    private const int VersionLength = 4;
    private const int KeyDataOffset = 45;

    public static ExtPubKey Read(string? text, BitcoinFamilyChain chain, Network network, string field)
    {
        var trimmed = text?.Trim() ?? "";

        // Checked on the text first so a private key with a typo is still refused as private, not as malformed.
        if (ExtendedKeyVersion.Known.Any(v => v.IsPrivate && trimmed.StartsWith(v.Prefix, StringComparison.OrdinalIgnoreCase)))
        {
            throw RefusePrivate(field);
        }

        var serialized = Decode(trimmed) ?? throw Refuse(field, Malformed, "The wallet key is not a valid base58check-encoded BIP32 extended public key.");
        var version = ExtendedKeyVersion.Find(BinaryPrimitives.ReadUInt32BigEndian(serialized));

        // A private serialisation puts 0x00 before the 32-byte secret, whatever version bytes it carries.
        if (version is { IsPrivate: true } || serialized[KeyDataOffset] == 0x00)
        {
            throw RefusePrivate(field);
        }

        if (version is null)
        {
            throw Refuse(field, Malformed, "The wallet key has unknown version bytes; expected a BIP84 account key (zpub, vpub, xpub or tpub).");
        }

        if (!version.IsReceivingAccountKey)
        {
            throw Refuse(field, Malformed, version.Script == ExtendedKeyScript.Multisig
                ? "Multisig extended keys are not supported; register a single-signature BIP84 account key."
                : "BIP49 (P2SH-wrapped segwit) keys such as ypub, upub or Mtub are not supported; register the BIP84 account key (zpub or vpub).");
        }

        if (version.IsLitecoinOnly && !chain.IsLitecoin)
        {
            throw Refuse(field, WrongNetwork, $"The wallet key is a Litecoin key, not a {chain.Currency.Code} key.");
        }

        var networkName = network.ChainName.ToString().ToLowerInvariant();
        if (version.IsTestNetwork != (network.ChainName != ChainName.Mainnet))
        {
            throw Refuse(field, WrongNetwork, version.IsTestNetwork
                ? $"The wallet key is for a test network, but {chain.Currency.Code} runs on {networkName} here."
                : $"The wallet key is for the main network, but {chain.Currency.Code} runs on {networkName} here.");
        }

        try
        {
            return new ExtPubKey(serialized.AsSpan(VersionLength));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw Refuse(field, Malformed, "The wallet key does not hold a valid public key.");
        }
    }

    private static byte[]? Decode(string text)
    {
        try
        {
            var decoded = Encoders.Base58Check.DecodeData(text);
            return decoded.Length == SerializedLength ? decoded : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static RequestInvalidException RefusePrivate(string field) =>
        Refuse(field, Private, "The wallet key is a private extended key and was not stored; register the account's extended public key instead.");

    private static RequestInvalidException Refuse(string field, string code, string message) => new(field, code, message);
}
