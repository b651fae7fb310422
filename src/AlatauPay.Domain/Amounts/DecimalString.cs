using System.Globalization;
using System.Numerics;

namespace AlatauPay.Domain.Amounts;

/// <summary>Exact parsing of plain decimal strings ("-12.340") into an integer and a scale.</summary>
public static class DecimalString
{
    /// <summary>Longest digit string accepted; keeps parsing cheap on hostile input.</summary>
    public const int MaxDigits = 60;

    public static bool TryParse(string? text, out BigInteger units, out int scale)
    {
        units = BigInteger.Zero;
        scale = 0;
        if (string.IsNullOrEmpty(text) || text.Length > MaxDigits + 2)
        {
            return false;
        }

        var span = text.AsSpan();
        var negative = span[0] == '-';
        if (negative)
        {
            span = span[1..];
        }

        var dot = span.IndexOf('.');
        var whole = dot < 0 ? span : span[..dot];
        var fraction = dot < 0 ? [] : span[(dot + 1)..];
        if (whole.IsEmpty || (dot >= 0 && fraction.IsEmpty) || !IsDigits(whole) || !IsDigits(fraction))
        {
            return false;
        }

        units = BigInteger.Parse(string.Concat(whole, fraction), NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative)
        {
            units = -units;
        }

        scale = fraction.Length;
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
