using System.Security.Cryptography;

namespace AlatauPay.Domain.Ledger.Transparency;

/// <summary>RFC 6962 / RFC 9162 hashing: SHA-256 with a 0x00 prefix for leaves and 0x01 for interior nodes.</summary>
public static class MerkleHash
{
    public const int Size = 32;

    private static readonly byte[] Empty = SHA256.HashData([]);

    /// <summary>The root of the empty tree: SHA-256 of nothing.</summary>
    public static byte[] EmptyRoot => (byte[])Empty.Clone();

    public static byte[] Leaf(ReadOnlySpan<byte> data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([0x00]);
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }

    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != Size || right.Length != Size)
        {
            throw new ArgumentException("A Merkle node combines two 32-byte hashes.");
        }

        Span<byte> buffer = stackalloc byte[1 + (2 * Size)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        return SHA256.HashData(buffer);
    }

    public static string ToHex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    /// <summary>Reads a lowercase or uppercase hex hash of exactly 32 bytes; anything else is refused.</summary>
    public static bool TryFromHex(string? text, out byte[] hash)
    {
        hash = [];
        if (text is null || text.Length != 2 * Size)
        {
            return false;
        }

        try
        {
            hash = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
