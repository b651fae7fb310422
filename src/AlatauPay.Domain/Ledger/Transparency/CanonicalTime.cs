using System.Globalization;

namespace AlatauPay.Domain.Ledger.Transparency;

/// <summary>Times in signed and hashed bytes: UTC, seven fractional digits, 'Z' — one spelling per instant.</summary>
public static class CanonicalTime
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToText(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateTimeOffset time)
    {
        var ok = DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed);
        time = ok ? new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc)) : default;
        return ok;
    }
}
