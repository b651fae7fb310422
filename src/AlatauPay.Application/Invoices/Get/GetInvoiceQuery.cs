using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using Mediator;

namespace AlatauPay.Application.Invoices.Get;

public sealed record GetInvoiceQuery(string Id) : IQuery<InvoiceView>;

public sealed class GetInvoiceHandler(IInvoiceRepository invoices) : IQueryHandler<GetInvoiceQuery, InvoiceView>
{
    public async ValueTask<InvoiceView> Handle(GetInvoiceQuery query, CancellationToken cancellationToken) =>
        InvoiceView.From(await invoices.FindExistingAsync(query.Id, cancellationToken));
}

public static class InvoiceLookup
{
    /// <summary>The invoice with this id, or a 404 naming it; a malformed id is simply not found.</summary>
    public static async Task<Invoice> FindExistingAsync(this IInvoiceRepository invoices, string id, CancellationToken cancellationToken)
    {
        var invoice = InvoiceId.TryParse(id, out var parsed) ? await invoices.FindAsync(parsed, cancellationToken) : null;
        return invoice ?? throw new ResourceNotFoundException("invoice-not-found", $"There is no invoice '{id}'.");
    }
}
