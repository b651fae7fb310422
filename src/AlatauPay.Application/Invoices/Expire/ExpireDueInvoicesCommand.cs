using AlatauPay.Application.Ports;
using Mediator;

namespace AlatauPay.Application.Invoices.Expire;

/// <summary>Moves open invoices whose time ran out to <c>expired</c>, a bounded batch per call.</summary>
public sealed record ExpireDueInvoicesCommand(int BatchSize = 500) : ICommand<int>;

public sealed class ExpireDueInvoicesHandler(
    IInvoiceRepository invoices, IDepartmentRepository departments, IChainStore chains, IOutbox outbox, TimeProvider clock)
    : ICommandHandler<ExpireDueInvoicesCommand, int>
{
    public async ValueTask<int> Handle(ExpireDueInvoicesCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var candidates = await invoices.ListDueForExpiryAsync(now, command.BatchSize, cancellationToken);
        var expired = 0;
        foreach (var id in candidates)
        {
            // The store finds open invoices past their time; only the invoice knows whether a payment that would
            // settle it, seen but not yet final, keeps it open. Such an invoice must not stop the others from expiring.
            var invoice = (await invoices.FindAsync(id, cancellationToken))!;
            var tolerance = (await departments.FindAsync(invoice.Department, cancellationToken))!.Tolerance;
            var payments = await chains.ListPaymentsAsync(invoice.Id, cancellationToken);
            if (!invoice.IsDue(now, tolerance, payments))
            {
                continue;
            }

            invoice.Expire(now, tolerance, payments);
            await invoices.UpdateAsync(invoice, cancellationToken);
            await outbox.AddAsync(InvoiceEvents.For("invoice.expired", invoice, now), cancellationToken);
            expired++;
        }

        return expired;
    }
}
