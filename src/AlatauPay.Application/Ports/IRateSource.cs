using AlatauPay.Domain.Amounts;

namespace AlatauPay.Application.Ports;

/// <summary>Where exchange rates come from: a fixed table by default, an exchange feed in production.</summary>
public interface IRateSource
{
    string Name { get; }

    /// <summary>KZT per one whole unit of <paramref name="currency"/>, or null when the source has no rate for it.</summary>
    ValueTask<ExchangeRate?> GetKztRateAsync(Currency currency, CancellationToken cancellationToken);
}
