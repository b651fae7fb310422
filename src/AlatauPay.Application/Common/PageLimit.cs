using System.Globalization;
using FluentValidation;

namespace AlatauPay.Application.Common;

/// <summary>The <c>limit</c> query parameter every list endpoint shares: an integer from 1 to 100, default 10.</summary>
public static class PageLimit
{
    public static int Parse(string? text) =>
        text is null ? Paging.DefaultLimit : int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    public static bool IsValid(string? text) =>
        text is null
        || (text.Length <= 3
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            && limit is >= 1 and <= Paging.MaxLimit);

    public static IRuleBuilderOptions<T, string?> MustBeAPageLimit<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(IsValid).WithErrorCode("limit-out-of-range")
            .WithMessage($"limit is a whole number from 1 to {Paging.MaxLimit}.");
}
