using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using Microsoft.Extensions.Options;

namespace AlatauPay.Application.Rates;

/// <summary>Rates from configuration: <c>AlatauPay:Rates:Fixed:BTC</c> is KZT per 1 BTC, and so on.</summary>
public sealed class FixedRateSource(IOptions<RatesOptions> options) : IRateSource
{
    private readonly Dictionary<Currency, ExchangeRate> rates = Parse(options.Value);

    public string Name => "fixed";

    public ValueTask<ExchangeRate?> GetKztRateAsync(Currency currency, CancellationToken cancellationToken) =>
        ValueTask.FromResult(rates.GetValueOrDefault(currency));

    private static Dictionary<Currency, ExchangeRate> Parse(RatesOptions options)
    {
        var parsed = new Dictionary<Currency, ExchangeRate>();
        foreach (var (code, text) in options.Fixed)
        {
            if (!Currency.TryParse(code, out var currency))
            {
                throw new InvalidOperationException($"AlatauPay:Rates:Fixed:{code} names an unknown currency.");
            }

            parsed[currency] = ExchangeRate.Parse(currency, Currency.KZT, text);
        }

        return parsed;
    }
}

public sealed class RatesOptions
{
    public const string Section = "AlatauPay:Rates";

    public Dictionary<string, string> Fixed { get; init; } = [];
}
