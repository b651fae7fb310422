using System.Globalization;
using AlatauPay.Application.Invoices.Checkout;
using AlatauPay.Domain.Amounts;

namespace AlatauPay.Api.Checkout;

/// <summary>
/// The payment URI the page offers for one method: the one stored with the invoice asks for the whole amount,
/// so once part of it has arrived the amount in it is replaced by what remains, in the unit its scheme uses
/// (BIP21 <c>amount</c> as a decimal; EIP-681 <c>value</c> and <c>uint256</c> as integers of the smallest unit).
/// A wallet that scans it then sends the remainder, not the whole bill again.
/// </summary>
internal static class CheckoutPaymentUri
{
    /// <summary>What the resident is asked to send now: the remainder once something arrived, else the amount due.</summary>
    public static string AmountToSend(CheckoutMethodView method) => PartlyPaid(method) ? method.Remaining.Value : method.Due.Value;

    public static string For(CheckoutMethodView method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (!PartlyPaid(method) || !Currency.TryParse(method.Method, out var currency)
            || !Money.TryParse(method.Remaining.Value, currency, out var remaining, out _))
        {
            return method.PaymentUri;
        }

        var query = method.PaymentUri.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return method.PaymentUri;
        }

        var parameters = method.PaymentUri[(query + 1)..].Split('&').Select(parameter =>
        {
            var name = parameter.Split('=', 2)[0];
            return name switch
            {
                "amount" => $"amount={Decimal(remaining)}",
                "value" or "uint256" => $"{name}={remaining.MinorUnits.ToString(CultureInfo.InvariantCulture)}",
                _ => parameter,
            };
        });
        return method.PaymentUri[..(query + 1)] + string.Join('&', parameters);
    }

    /// <summary>Something arrived and something is still owed; a fully paid method keeps asking for nothing new.</summary>
    private static bool PartlyPaid(CheckoutMethodView method) => !IsZero(method.Paid.Value) && !IsZero(method.Remaining.Value);

    private static bool IsZero(string value) => value.All(c => c is '0' or '.');

    /// <summary>BIP21's shortest form, as the chain adapter writes it: no trailing zeros.</summary>
    private static string Decimal(Money amount)
    {
        var text = amount.ToDecimalString();
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }
}
