using System.Diagnostics.CodeAnalysis;

namespace AlatauPay.Domain.Amounts;

/// <summary>A currency and the number of decimal places of its smallest unit.</summary>
public sealed record Currency
{
    public static readonly Currency KZT = new("KZT", 2);
    public static readonly Currency BTC = new("BTC", 8);
    public static readonly Currency LTC = new("LTC", 8);
    public static readonly Currency ETH = new("ETH", 18);
    public static readonly Currency USDT = new("USDT", 6);
    public static readonly Currency USDC = new("USDC", 6);

    public static IReadOnlyList<Currency> All { get; } = [KZT, BTC, LTC, ETH, USDT, USDC];

    private Currency(string code, int scale)
    {
        Code = code;
        Scale = scale;
    }

    public string Code { get; }

    /// <summary>Decimal places of the smallest unit: 8 for satoshis, 18 for wei, 2 for tiyn.</summary>
    public int Scale { get; }

    public static bool TryParse(string? code, [NotNullWhen(true)] out Currency? currency)
    {
        currency = All.FirstOrDefault(c => c.Code == code);
        return currency is not null;
    }

    public static Currency Parse(string code) =>
        TryParse(code, out var currency)
            ? currency
            : throw new DomainException("currency-unknown", $"Currency '{code}' is not supported.");

    public override string ToString() => Code;
}
