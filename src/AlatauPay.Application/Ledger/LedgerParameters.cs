using System.Globalization;
using System.Text.RegularExpressions;
using AlatauPay.Application.Ports;
using FluentValidation;

namespace AlatauPay.Application.Ledger;

/// <summary>
/// Query parameters the ledger endpoints share. Times are RFC 3339 with an explicit offset: an auditor's
/// "as of" must name one instant, so a date alone or a time without zone is refused rather than guessed.
/// </summary>
public static partial class LedgerParameters
{
    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        time = default;
        return text is not null && text.Length <= 40 && Rfc3339().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    public static DateTimeOffset? ParseTimeOrNull(string? text) => TryParseTime(text, out var time) ? time : null;

    public static bool TryParseBasis(string? text, out TimeBasis basis)
    {
        basis = text == "recorded" ? TimeBasis.Recorded : TimeBasis.Effective;
        return text is null or "effective" or "recorded";
    }

    /// <summary>The basis of a validated request.</summary>
    public static TimeBasis Basis(string? text) => text == "recorded" ? TimeBasis.Recorded : TimeBasis.Effective;

    public static string Name(this TimeBasis basis) => basis == TimeBasis.Recorded ? "recorded" : "effective";

    /// <summary>The count of a validated request.</summary>
    public static long Count(string? text) => TryParseCount(text, out var value) ? value : 0;

    /// <summary>A non-negative whole number as decimal digits only: tree sizes, entry ids.</summary>
    public static bool TryParseCount(string? text, out long value)
    {
        value = 0;
        return text is { Length: > 0 and <= 18 } && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static IRuleBuilderOptions<T, string?> MustBeATime<T>(this IRuleBuilder<T, string?> rule, string field) =>
        rule.Must(t => t is null || TryParseTime(t, out _)).WithErrorCode($"{field}-malformed")
            .WithMessage($"{field} is an RFC 3339 time with an offset, such as 2026-11-29T10:00:00Z.");

    public static IRuleBuilderOptions<T, string?> MustBeABasis<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(b => TryParseBasis(b, out _)).WithErrorCode("basis-invalid").WithMessage("basis is effective (the default) or recorded.");

    public static IRuleBuilderOptions<T, string?> MustNotBeInTheFuture<T>(this IRuleBuilder<T, string?> rule, TimeProvider clock) =>
        rule.Must(t => !TryParseTime(t, out var time) || time <= clock.GetUtcNow()).WithErrorCode("as-of-in-future")
            .WithMessage("asOf is in the future; a balance can only be stated for a time that has passed.");

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
