using AlatauPay.Application.Ports;
using Mediator;

namespace AlatauPay.Application.Invoices.Expire;

/// <summary>Moves open invoices whose time ran out to <c>expired</c>, a bounded batch per call.</summary>
public sealed record ExpireDueInvoicesCommand(int BatchSize = 500) : ICommand<int>;

public sealed class ExpireDueInvoicesHandler(IInvoiceRepository invoices, IOutbox outbox, TimeProvider clock)
    : ICommandHandler<ExpireDueInvoicesCommand, int>
{
    public async ValueTask<int> Handle(ExpireDueInvoicesCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await invoices.ListDueForExpiryAsync(now, command.BatchSize, cancellationToken);
        foreach (var id in due)
        {
            var invoice = (await invoices.FindAsync(id, cancellationToken))!;
            invoice.Expire(now);
            await invoices.UpdateAsync(invoice, cancellationToken);
            await outbox.AddAsync(InvoiceEvents.For("invoice.expired", invoice, now), cancellationToken);
        }

        return due.Count;
    }
}
