using System.Security.Cryptography;

namespace AlatauPay.Application.Common;

/// <summary>Random identifiers and secrets in Crockford base32: lowercase, no look-alike letters, copyable by double-click.</summary>
public static class RandomToken
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary><paramref name="prefix"/> followed by <paramref name="bytes"/> random bytes, 5 bits per character.</summary>
    public static string New(string prefix, int bytes = 16)
    {
        var random = RandomNumberGenerator.GetBytes(bytes);
        var chars = new char[((bytes * 8) + 4) / 5];
        int buffer = 0, bits = 0, written = 0;
        foreach (var b in random)
        {
            buffer = ((buffer << 8) | b) & 0xFFFF;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[written++] = Alphabet[(buffer >> bits) & 31];
            }
        }

        if (bits > 0)
        {
            chars[written] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return prefix + new string(chars);
    }
}
