using System.Security.Cryptography;
using System.Text;

namespace AlatauPay.Api.Auth;

/// <summary>
/// The only way a presented API key is compared with a known one: both as SHA-256 digests, compared with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>, so the time taken reveals neither how much of the
/// key matched nor its length.
/// </summary>
internal static class ApiKeyComparison
{
    public static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Whether <paramref name="presentedDigest"/> is <paramref name="knownDigest"/>; digests are of equal length.</summary>
    public static bool Matches(ReadOnlySpan<byte> knownDigest, ReadOnlySpan<byte> presentedDigest) =>
        knownDigest.Length > 0 && CryptographicOperations.FixedTimeEquals(knownDigest, presentedDigest);

    /// <summary>Whether a stored lowercase-hex digest is the presented key's.</summary>
    public static bool MatchesStored(string storedHexDigest, ReadOnlySpan<byte> presentedDigest) =>
        Matches(Encoding.ASCII.GetBytes(storedHexDigest), Encoding.ASCII.GetBytes(Convert.ToHexStringLower(presentedDigest)));
}
