using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AlatauPay.Domain.Ledger.Transparency;

/// <summary>A tree's size and root at a moment. <see cref="SignedBytes"/> is exactly what the deployment key signs.</summary>
public sealed record TreeHead(long TreeSize, byte[] RootHash, DateTimeOffset Timestamp)
{
    public const string Header = "alatau-pay ledger tree head v1";

    /// <summary>Four lines, each ending in '\n': the header, the size in decimal, the root in lowercase hex, the timestamp.</summary>
    public byte[] SignedBytes() => Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{Header}\n{TreeSize}\n{MerkleHash.ToHex(RootHash)}\n{CanonicalTime.ToText(Timestamp)}\n"));
}

/// <summary>A tree head with the Ed25519 signature of the key named by <see cref="KeyId"/>.</summary>
public sealed record SignedTreeHead(TreeHead Head, string KeyId, byte[] Signature);

public static class SigningKeyId
{
    /// <summary>The first 8 bytes of SHA-256 of the raw public key, in lowercase hex: short enough to read aloud.</summary>
    public static string For(ReadOnlySpan<byte> publicKey) => Convert.ToHexStringLower(SHA256.HashData(publicKey)[..8]);
}
