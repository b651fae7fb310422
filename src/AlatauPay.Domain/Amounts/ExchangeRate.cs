using System.Globalization;
using System.Numerics;

namespace AlatauPay.Domain.Amounts;

/// <summary>
/// How many units of <see cref="Quote"/> one whole unit of <see cref="Base"/> is worth, held exactly as
/// <see cref="Units"/> / 10^<see cref="Scale"/> ("47500000.5" KZT per 1 BTC is 475000005 / 10^1).
/// </summary>
public sealed record ExchangeRate
{
    public const int MaxScale = 12;

    public ExchangeRate(Currency @base, Currency quote, BigInteger units, int scale)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(quote);
        if (units <= BigInteger.Zero)
        {
            throw new DomainException("rate-not-positive", $"A {@base.Code}/{quote.Code} rate must be positive.");
        }

        if (scale is < 0 or > MaxScale)
        {
            throw new DomainException("rate-too-precise", $"A rate carries at most {MaxScale} decimals.");
        }

        Base = @base;
        Quote = quote;
        Units = units;
        Scale = scale;
    }

    public Currency Base { get; }

    public Currency Quote { get; }

    public BigInteger Units { get; }

    public int Scale { get; }

    public static ExchangeRate Parse(Currency @base, Currency quote, string text) =>
        DecimalString.TryParse(text, out var units, out var scale)
            ? new ExchangeRate(@base, quote, units, scale)
            : throw new DomainException("rate-malformed", $"'{text}' is not a decimal {@base.Code}/{quote.Code} rate.");

    /// <summary>
    /// Converts an amount in the quote currency to the base currency, rounded up to the base currency's
    /// smallest unit so that paying the result never leaves the payer short.
    /// </summary>
    public Money ConvertToBaseRoundingUp(Money amount)
    {
        if (amount.Currency != Quote)
        {
            throw new DomainException("currency-mismatch", $"The rate converts {Quote.Code}, not {amount.Currency.Code}.");
        }

        // base = quote / rate = quoteMinor / 10^qs / (units / 10^rs) in whole base units
        //      = quoteMinor * 10^(bs + rs) / (units * 10^qs) in base minor units.
        var numerator = (BigInteger)amount.MinorUnits * BigInteger.Pow(10, Base.Scale + Scale);
        var denominator = Units * BigInteger.Pow(10, Quote.Scale);
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        if (remainder > BigInteger.Zero)
        {
            quotient += 1;
        }

        if (quotient > (BigInteger)Int128.MaxValue)
        {
            throw new DomainException("amount-too-large", $"{amount} at {this} is more {Base.Code} than an amount can hold.");
        }

        return new Money(Base, (Int128)quotient);
    }

    public string ToDecimalString()
    {
        var digits = Units.ToString(CultureInfo.InvariantCulture).PadLeft(Scale + 1, '0');
        return Scale == 0 ? digits : $"{digits[..^Scale]}.{digits[^Scale..]}";
    }

    public override string ToString() => $"{ToDecimalString()} {Quote.Code}/{Base.Code}";
}
