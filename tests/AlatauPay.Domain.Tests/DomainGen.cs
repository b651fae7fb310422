using System.Numerics;
using AlatauPay.Domain.Amounts;
using FsCheck;
using FsCheck.Fluent;

namespace AlatauPay.Domain.Tests;

/// <summary>Generators shared by the property tests.</summary>
internal static class DomainGen
{
    public static Gen<Currency> AnyCurrency => Gen.Elements(Currency.All.ToArray());

    public static Gen<Currency> Crypto => Gen.Elements(Currency.All.Where(c => c != Currency.KZT).ToArray());

    /// <summary>Small and full-width values alike, both signs, including the extremes.</summary>
    public static Gen<Int128> AnyInt128 => Gen.Frequency(
        (2, Gen.Choose(int.MinValue, int.MaxValue).Select(i => (Int128)i)),
        (6, Gen.ArrayOf(Gen.Choose(0, 255), 16).Select(bytes => new Int128(ToUInt64(bytes, 0), ToUInt64(bytes, 8)))),
        (1, Gen.Elements(Int128.MaxValue, Int128.MaxValue - 1, Int128.MinValue + 1, Int128.Zero, Int128.One, Int128.NegativeOne)));

    /// <summary>Between 1 and 2^31 - 1 minor units: up to about 21 million KZT, biased towards small bills.</summary>
    public static Gen<Int128> PositiveMinorUnits => Gen.Frequency(
        (3, Gen.Choose(1, 10_000)),
        (7, Gen.Choose(1, int.MaxValue)))
        .Select(v => (Int128)v);

    /// <summary>A positive rate of <paramref name="currency"/> in KZT with 0 to 12 decimals.</summary>
    public static Gen<ExchangeRate> PositiveRate(Currency currency) =>
        from high in Gen.Choose(0, 1_000_000)
        from low in Gen.Choose(1, int.MaxValue)
        from wide in Gen.Elements(false, true)
        from scale in Gen.Choose(0, ExchangeRate.MaxScale)
        select new ExchangeRate(currency, Currency.KZT, wide ? (new BigInteger(high) << 31) + low : low, scale);

    private static ulong ToUInt64(int[] bytes, int start)
    {
        ulong value = 0;
        for (var i = start; i < start + 8; i++)
        {
            value = (value << 8) | (uint)bytes[i];
        }

        return value;
    }
}
