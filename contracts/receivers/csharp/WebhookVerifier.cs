// AlatauPay webhook verifier for receivers: one file, no dependencies beyond the .NET base library.
// Copy it into your project. It checks a delivery's Standard Webhooks signature and refuses timestamps
// more than five minutes from your clock, so a captured delivery cannot be replayed later.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AlatauPay.Receivers;

/// <summary>Verifies <c>webhook-id</c>, <c>webhook-timestamp</c> and <c>webhook-signature</c> of an AlatauPay delivery.</summary>
public sealed class WebhookVerifier
{
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const string SecretPrefix = "whsec_";
    private readonly byte[][] keys;
    private readonly TimeSpan tolerance;
    private readonly Func<DateTimeOffset> now;

    /// <param name="secrets">The endpoint's secret(s), <c>whsec_…</c>; during a rotation pass the new one and the old one.</param>
    /// <param name="tolerance">How far the delivery's timestamp may be from now; five minutes by default.</param>
    /// <param name="now">The clock; the system's by default.</param>
    public WebhookVerifier(IEnumerable<string> secrets, TimeSpan? tolerance = null, Func<DateTimeOffset>? now = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        keys = [.. secrets.Select(s => Convert.FromBase64String(s.StartsWith(SecretPrefix, StringComparison.Ordinal) ? s[SecretPrefix.Length..] : s))];
        if (keys.Length == 0)
        {
            throw new ArgumentException("At least one secret is needed.", nameof(secrets));
        }

        this.tolerance = tolerance ?? DefaultTolerance;
        this.now = now ?? (() => DateTimeOffset.UtcNow);
    }

    public WebhookVerifier(string secret)
        : this([secret])
    {
    }

    /// <summary>
    /// True when the headers carry a valid signature of <paramref name="body"/> (the raw request body, as
    /// received) by one of the secrets, and the timestamp is within the tolerance. Deduplicate on <paramref name="id"/>.
    /// </summary>
    public bool Verify(string? id, string? timestamp, string? signatureHeader, string body)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signatureHeader) || body is null
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        if ((now() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        var content = Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}");
        var expected = keys.Select(k => HMACSHA256.HashData(k, content)).ToList();
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = candidate.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || candidate[..comma] != "v1")
            {
                continue;
            }

            var presented = new byte[32];
            if (Convert.TryFromBase64String(candidate[(comma + 1)..], presented, out var written) && written == 32
                && expected.Any(e => CryptographicOperations.FixedTimeEquals(e, presented)))
            {
                return true;
            }
        }

        return false;
    }
}
