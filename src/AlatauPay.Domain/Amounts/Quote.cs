namespace AlatauPay.Domain.Amounts;

/// <summary>
/// A rate locked for an invoice's lifetime: which source gave it and when, and the crypto amount due
/// for the invoice's KZT amount, rounded up to the smallest unit.
/// </summary>
public sealed record Quote(ExchangeRate Rate, string Source, DateTimeOffset QuotedAt, Money Due)
{
    public static Quote Lock(ExchangeRate rate, string source, DateTimeOffset quotedAt, Money amount)
    {
        ArgumentNullException.ThrowIfNull(rate);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return new Quote(rate, source, quotedAt, rate.ConvertToBaseRoundingUp(amount));
    }

    public Currency Method => Rate.Base;
}
