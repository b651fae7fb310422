using AlatauPay.Domain.Amounts;

namespace AlatauPay.Domain.Invoices;

/// <summary>One way to pay an invoice: the locked quote, where to pay, and what has been paid so far.</summary>
public sealed record PaymentMethodDue(
    Quote Quote,
    string Destination,
    string PaymentUri,
    long? DerivationIndex,
    Money Paid)
{
    public Currency Method => Quote.Method;

    public Money Due => Quote.Due;
}
