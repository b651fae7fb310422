using DomainMoney = AlatauPay.Domain.Amounts.Money;

namespace AlatauPay.Chains.Bitcoin;

/// <summary>BIP21 payment URIs: <c>bitcoin:&lt;address&gt;?amount=&lt;decimal&gt;</c>.</summary>
internal static class PaymentUri
{
    public static string Format(string scheme, string address, DomainMoney due)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(due.MinorUnits, Int128.Zero, nameof(due));
        if (due.IsZero)
        {
            return $"{scheme}:{address}";
        }

        // Wallets accept trailing zeros, but the shortest form keeps the QR code small and reads as people write amounts.
        var amount = due.ToDecimalString();
        if (amount.Contains('.', StringComparison.Ordinal))
        {
            amount = amount.TrimEnd('0').TrimEnd('.');
        }

        return $"{scheme}:{address}?amount={amount}";
    }
}
