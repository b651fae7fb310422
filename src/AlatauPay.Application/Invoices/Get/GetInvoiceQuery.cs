using AlatauPay.Application.Access;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using Mediator;

namespace AlatauPay.Application.Invoices.Get;

public sealed record GetInvoiceQuery(string Id) : IQuery<InvoiceView>;

public sealed class GetInvoiceHandler(IInvoiceRepository invoices, Caller caller) : IQueryHandler<GetInvoiceQuery, InvoiceView>
{
    public async ValueTask<InvoiceView> Handle(GetInvoiceQuery query, CancellationToken cancellationToken) =>
        InvoiceView.From(await invoices.FindVisibleAsync(query.Id, caller, cancellationToken));
}

public static class InvoiceLookup
{
    /// <summary>The invoice with this id, or a 404 naming it; a malformed id is simply not found.</summary>
    public static async Task<Invoice> FindExistingAsync(this IInvoiceRepository invoices, string id, CancellationToken cancellationToken)
    {
        var invoice = InvoiceId.TryParse(id, out var parsed) ? await invoices.FindAsync(parsed, cancellationToken) : null;
        return invoice ?? throw new ResourceNotFoundException("invoice-not-found", $"There is no invoice '{id}'.");
    }

    /// <summary>As <see cref="FindExistingAsync"/>, and not found when the caller's key may not see its department.</summary>
    public static async Task<Invoice> FindVisibleAsync(this IInvoiceRepository invoices, string id, Caller caller, CancellationToken cancellationToken)
    {
        var invoice = await invoices.FindExistingAsync(id, cancellationToken);
        return caller.MayAccess(invoice.Department.Value)
            ? invoice
            : throw new ResourceNotFoundException("invoice-not-found", $"There is no invoice '{id}'.");
    }
}
