using System.Globalization;
using System.Numerics;

namespace AlatauPay.Domain.Amounts;

/// <summary>
/// An exact amount: an integer count of the currency's smallest unit. 128 bits hold any wei amount
/// that can exist; arithmetic is checked and never mixes currencies.
/// </summary>
public readonly record struct Money : IComparable<Money>
{
    public Money(Currency currency, Int128 minorUnits)
    {
        ArgumentNullException.ThrowIfNull(currency);
        Currency = currency;
        MinorUnits = minorUnits;
    }

    public Currency Currency { get; }

    public Int128 MinorUnits { get; }

    public bool IsZero => MinorUnits == Int128.Zero;

    public bool IsPositive => MinorUnits > Int128.Zero;

    public static Money Zero(Currency currency) => new(currency, Int128.Zero);

    /// <summary>Parses a plain decimal string ("12345.67"). Refuses more decimals than the currency has.</summary>
    public static Money Parse(string value, Currency currency) =>
        TryParse(value, currency, out var money, out var error)
            ? money
            : throw new DomainException(error!, $"'{value}' is not a valid {currency.Code} amount.");

    /// <summary>
    /// Parses a plain decimal string without exponent or thousands separators. On failure
    /// <paramref name="errorCode"/> is <c>amount-malformed</c>, <c>amount-too-precise</c> or <c>amount-too-large</c>.
    /// </summary>
    public static bool TryParse(string? value, Currency currency, out Money money, out string? errorCode)
    {
        ArgumentNullException.ThrowIfNull(currency);
        money = default;
        if (!DecimalString.TryParse(value, out var units, out var scale))
        {
            errorCode = "amount-malformed";
            return false;
        }

        if (scale > currency.Scale)
        {
            errorCode = "amount-too-precise";
            return false;
        }

        var minor = units * BigInteger.Pow(10, currency.Scale - scale);
        if (minor < (BigInteger)Int128.MinValue || minor > (BigInteger)Int128.MaxValue)
        {
            errorCode = "amount-too-large";
            return false;
        }

        money = new Money(currency, (Int128)minor);
        errorCode = null;
        return true;
    }

    public static Money operator +(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return new Money(left.Currency, checked(left.MinorUnits + right.MinorUnits));
    }

    public static Money operator -(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return new Money(left.Currency, checked(left.MinorUnits - right.MinorUnits));
    }

    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    public static Money Add(Money left, Money right) => left + right;

    public static Money Subtract(Money left, Money right) => left - right;

    public int CompareTo(Money other)
    {
        EnsureSameCurrency(this, other);
        return MinorUnits.CompareTo(other.MinorUnits);
    }

    /// <summary>The amount as a decimal string with exactly the currency's number of decimals.</summary>
    public string ToDecimalString()
    {
        var digits = BigInteger.Abs(MinorUnits).ToString(CultureInfo.InvariantCulture).PadLeft(Currency.Scale + 1, '0');
        var sign = MinorUnits < Int128.Zero ? "-" : "";
        if (Currency.Scale == 0)
        {
            return sign + digits;
        }

        var split = digits.Length - Currency.Scale;
        return $"{sign}{digits[..split]}.{digits[split..]}";
    }

    public override string ToString() => $"{ToDecimalString()} {Currency.Code}";

    private static void EnsureSameCurrency(Money left, Money right)
    {
        if (left.Currency != right.Currency)
        {
            throw new DomainException(
                "currency-mismatch",
                $"Cannot combine {left.Currency.Code} with {right.Currency.Code}.");
        }
    }
}
