using AlatauPay.Application.Chains;
using AlatauPay.Application.Common;
using AlatauPay.Application.Invoices.Get;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using Mediator;

namespace AlatauPay.Application.Invoices.Checkout;

/// <summary>
/// What the resident's public checkout page may show of an invoice. Anyone holding the link asks, so it
/// carries no metadata, no payer name, no wallet key and nothing of any other invoice.
/// </summary>
public sealed record GetCheckoutQuery(string Id) : IQuery<CheckoutView>;

/// <param name="RequiredConfirmations">Confirmations a payment needs before it counts, under this invoice's policy.</param>
public sealed record CheckoutView(
    string Id,
    string Status,
    IReadOnlyList<string> AdditionalStatus,
    string DepartmentName,
    string ServiceName,
    string PayerAccount,
    AmountView Amount,
    string? Description,
    DateTimeOffset ExpiresAt,
    int RequiredConfirmations,
    IReadOnlyList<CheckoutMethodView> Methods)
{
    public bool Has(string flag) => AdditionalStatus.Contains(flag);
}

/// <summary>
/// One way to pay. <see cref="Confirmations"/> is the depth of the least confirmed payment still alive in this
/// method (what the resident waits for), or null when none is seen.
/// </summary>
public sealed record CheckoutMethodView(
    string Method, AmountView Due, AmountView Paid, AmountView Remaining, string Destination, string PaymentUri, int? Confirmations)
{
    /// <summary>Confirmations a payment in this method needs (Ethereum counts block depth); null means the invoice's.</summary>
    public int? RequiredConfirmations { get; init; }
}

public sealed class GetCheckoutHandler(
    IInvoiceRepository invoices, IDepartmentRepository departments, IChainStore chains, IEnumerable<IPaymentMethodProvider> providers)
    : IQueryHandler<GetCheckoutQuery, CheckoutView>
{
    public async ValueTask<CheckoutView> Handle(GetCheckoutQuery query, CancellationToken cancellationToken)
    {
        var invoice = await invoices.FindExistingAsync(query.Id, cancellationToken);
        var department = await departments.FindAsync(invoice.Department, cancellationToken);
        var payments = await chains.ListPaymentsAsync(invoice.Id, cancellationToken);
        var requiredFor = department is null ? null : RequiredConfirmations.For(department, invoice, providers);
        var required = requiredFor is null ? 1 : Required(requiredFor, invoice, payments);
        return new CheckoutView(
            invoice.Id.Value,
            invoice.Status.ToName(),
            invoice.Flags.ToNames(),
            department?.Name ?? invoice.Department.Value,
            department?.FindService(invoice.Service.Value)?.Name ?? invoice.Service.Value,
            invoice.Payer.Account,
            AmountView.From(invoice.Amount),
            invoice.Description,
            invoice.ExpiresAt,
            required,
            [.. invoice.PaymentMethods.Select(m => Method(m, payments) with { RequiredConfirmations = requiredFor?.Invoke(m.Method) ?? required })]);
    }

    /// <summary>What the methods already paid in need (each chain counts its own depth), or else the most any method needs.</summary>
    private static int Required(Func<Currency, int> required, Invoice invoice, IReadOnlyList<PaymentObservation> payments)
    {
        var paid = payments.Where(p => p.IsAlive).Select(p => p.Method).Distinct().ToList();
        return paid.Count > 0 ? paid.Max(required) : invoice.PaymentMethods.Select(m => required(m.Method)).DefaultIfEmpty(1).Max();
    }

    private static CheckoutMethodView Method(PaymentMethodDue method, IReadOnlyList<PaymentObservation> payments)
    {
        var remaining = method.Paid >= method.Due ? Money.Zero(method.Method) : method.Due - method.Paid;
        var alive = payments.Where(p => p.Method == method.Method && p.IsAlive).ToList();
        return new CheckoutMethodView(
            method.Method.Code,
            AmountView.From(method.Due),
            AmountView.From(method.Paid),
            AmountView.From(remaining),
            method.Destination,
            method.PaymentUri,
            alive.Count == 0 ? null : alive.Min(p => p.Confirmations));
    }
}
