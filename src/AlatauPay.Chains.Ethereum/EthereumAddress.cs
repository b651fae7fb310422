using Nethereum.Util;

namespace AlatauPay.Chains.Ethereum;

/// <summary>20-byte account addresses: EIP-55 checksummed text for people, lowercase hex for matching.</summary>
internal static class EthereumAddress
{
    public const string Zero = "0x0000000000000000000000000000000000000000";

    /// <summary>True when <paramref name="text"/> is <c>0x</c> and 40 hex digits, in any case.</summary>
    public static bool IsWellFormed(string? text) =>
        text is { Length: 42 } && text.StartsWith("0x", StringComparison.Ordinal) && text.AsSpan(2).ContainsAnyExcept(HexDigits) is false;

    public static string Checksum(string address) => AddressUtil.Current.ConvertToChecksumAddress(address);

    public static string Checksum(ReadOnlySpan<byte> address) => Checksum("0x" + Convert.ToHexStringLower(address));

    /// <summary>The 40 lowercase hex digits without <c>0x</c>: what watch lists and logs compare.</summary>
    public static string Key(string address) => address[2..].ToLowerInvariant();

    public static byte[] Bytes(string address) => Convert.FromHexString(address.AsSpan(2));

    /// <summary>Reads a well-formed address from configuration and returns it checksummed, or fails naming the setting.</summary>
    public static string ReadSetting(string? text, string setting)
    {
        var trimmed = text?.Trim();
        if (!IsWellFormed(trimmed))
        {
            throw new InvalidOperationException($"{setting} must be an address: 0x and 40 hex digits.");
        }

        var checksummed = Checksum(trimmed!);
        if (HasMixedCase(trimmed!) && checksummed != trimmed)
        {
            throw new InvalidOperationException($"{setting} is '{trimmed}', whose EIP-55 checksum is wrong; did you mean {checksummed}?");
        }

        return checksummed;
    }

    public static bool HasMixedCase(string address) =>
        address.AsSpan(2).ContainsAnyInRange('a', 'f') && address.AsSpan(2).ContainsAnyInRange('A', 'F');

    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
}
