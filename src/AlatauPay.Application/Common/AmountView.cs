using AlatauPay.Domain.Amounts;

namespace AlatauPay.Application.Common;

/// <summary>An amount as it travels in JSON: <c>{ "currency": "KZT", "value": "12345.67" }</c>.</summary>
public sealed record AmountView(string Currency, string Value)
{
    public static AmountView From(Money money) => new(money.Currency.Code, money.ToDecimalString());
}

/// <summary>An amount as a caller sends it; validated before anything else reads it.</summary>
public sealed record AmountInput(string? Currency, string? Value);
