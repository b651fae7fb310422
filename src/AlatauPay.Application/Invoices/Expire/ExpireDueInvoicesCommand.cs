using AlatauPay.Application.Ports;
using Mediator;

namespace AlatauPay.Application.Invoices.Expire;

/// <summary>
/// Moves open invoices whose time ran out to <c>expired</c>, a bounded batch per call, from just after
/// <paramref name="After"/>. A pass follows <see cref="ExpiryBatch.Next"/> until it is null, so invoices that a
/// payment keeps open never stop the ones behind them from expiring.
/// </summary>
public sealed record ExpireDueInvoicesCommand(DueInvoice? After = null, int BatchSize = 500) : ICommand<ExpiryBatch>;

/// <summary>How many invoices the batch expired, and where the next batch of the pass starts (null: the pass is done).</summary>
public sealed record ExpiryBatch(int Expired, DueInvoice? Next);

public sealed class ExpireDueInvoicesHandler(
    IInvoiceRepository invoices, IDepartmentRepository departments, IChainStore chains, IOutbox outbox, TimeProvider clock)
    : ICommandHandler<ExpireDueInvoicesCommand, ExpiryBatch>
{
    public async ValueTask<ExpiryBatch> Handle(ExpireDueInvoicesCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var candidates = await invoices.ListDueForExpiryAsync(now, command.After, command.BatchSize, cancellationToken);
        var expired = 0;
        foreach (var candidate in candidates)
        {
            // The store finds open invoices past their time; only the invoice knows whether a payment that would
            // settle it, seen but not yet final, keeps it open.
            var invoice = (await invoices.FindAsync(candidate.Id, cancellationToken))!;
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

        return new ExpiryBatch(expired, candidates.Count == command.BatchSize ? candidates[^1] : null);
    }
}
