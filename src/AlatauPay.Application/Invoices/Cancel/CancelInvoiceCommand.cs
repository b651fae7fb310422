using AlatauPay.Application.Access;
using AlatauPay.Application.Invoices.Get;
using AlatauPay.Application.Ports;
using Mediator;

namespace AlatauPay.Application.Invoices.Cancel;

/// <summary>The merchant withdraws an invoice before any payment is seen.</summary>
public sealed record CancelInvoiceCommand(string Id) : ICommand<InvoiceView>;

public sealed class CancelInvoiceHandler(IInvoiceRepository invoices, IOutbox outbox, Caller caller, TimeProvider clock)
    : ICommandHandler<CancelInvoiceCommand, InvoiceView>
{
    public async ValueTask<InvoiceView> Handle(CancelInvoiceCommand command, CancellationToken cancellationToken)
    {
        var invoice = await invoices.FindVisibleAsync(command.Id, caller, cancellationToken);
        invoice.Cancel();
        await invoices.UpdateAsync(invoice, cancellationToken);
        await outbox.AddAsync(InvoiceEvents.For("invoice.cancelled", invoice, clock.GetUtcNow()), cancellationToken);
        return InvoiceView.From(invoice);
    }
}
