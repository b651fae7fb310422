using AlatauPay.Application.Common;
using AlatauPay.Domain.Departments;
using AlatauPay.Domain.Invoices;

namespace AlatauPay.Application.Invoices;

/// <summary>An invoice as the API and webhooks show it.</summary>
public sealed record InvoiceView(
    string Id,
    string Status,
    IReadOnlyList<string> AdditionalStatus,
    string Department,
    string Service,
    PayerView Payer,
    AmountView Amount,
    string? Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<PaymentMethodView> PaymentMethods)
{
    /// <summary>This invoice's own confirmation policy; null follows its department's.</summary>
    public string? SpeedPolicy { get; init; }

    /// <summary>The resident's checkout page; the HTTP layer fills it in, since only it knows the public address.</summary>
    public string? CheckoutUrl { get; init; }

    public static InvoiceView From(Invoice invoice) => new(
        invoice.Id.Value,
        invoice.Status.ToName(),
        invoice.Flags.ToNames(),
        invoice.Department.Value,
        invoice.Service.Value,
        new PayerView(invoice.Payer.Account, invoice.Payer.Name),
        AmountView.From(invoice.Amount),
        invoice.Description,
        invoice.CreatedAt,
        invoice.ExpiresAt,
        invoice.Metadata,
        [.. invoice.PaymentMethods.Select(PaymentMethodView.From)])
    {
        SpeedPolicy = invoice.SpeedPolicy?.ToName(),
    };
}

public sealed record PayerView(string Account, string? Name);

/// <summary>One way to pay: the locked rate (KZT per one coin), the amount due and paid, and where to pay.</summary>
public sealed record PaymentMethodView(
    string Method,
    string Rate,
    string RateSource,
    DateTimeOffset QuotedAt,
    AmountView Due,
    AmountView Paid,
    string Destination,
    string PaymentUri)
{
    public static PaymentMethodView From(PaymentMethodDue method) => new(
        method.Method.Code,
        method.Quote.Rate.ToDecimalString(),
        method.Quote.Source,
        method.Quote.QuotedAt,
        AmountView.From(method.Due),
        AmountView.From(method.Paid),
        method.Destination,
        method.PaymentUri);
}
