using System.Security.Cryptography;
using System.Text;
using AlatauPay.Application.Common;

namespace AlatauPay.Application.ApiKeys;

/// <summary>
/// Secrets look like <c>alat_</c> + 52 base32 characters (256 random bits): the prefix lets secret
/// scanners find a leaked key. With that much entropy a plain SHA-256 is a safe verifier (see decision 0020).
/// </summary>
public static class ApiKeySecret
{
    public const string Prefix = "alat_";

    public static string New() => RandomToken.New(Prefix, 32);

    public static bool LooksLikeOne(string presented) => presented.StartsWith(Prefix, StringComparison.Ordinal);

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The prefix and the last four characters: enough to tell keys apart, useless to an attacker.</summary>
    public static string Hint(string secret) => $"{secret[..(Prefix.Length + 4)]}…{secret[^4..]}";
}
