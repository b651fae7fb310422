using AlatauPay.Application.Common;
using AlatauPay.Application.Diagnostics;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger;
using Mediator;

namespace AlatauPay.Application.Invoices.Settle;

/// <summary>
/// Settles an invoice: one balanced ledger entry, the new status and an <c>invoice.settled</c> event, in one
/// transaction. The entry key's unique constraint, not a prior read, is what stops a second posting.
/// </summary>
public sealed class SettleInvoiceHandler(
    IInvoiceRepository invoices,
    ILedgerRepository ledger,
    IOutbox outbox,
    AlatauPayMetrics metrics,
    TimeProvider clock) : ICommandHandler<SettleInvoiceCommand, SettlementView>
{
    public async ValueTask<SettlementView> Handle(SettleInvoiceCommand command, CancellationToken cancellationToken)
    {
        var key = SettlementPosting.KeyFor(command.InvoiceId);
        var invoice = await invoices.FindAsync(command.InvoiceId, cancellationToken)
            ?? throw new ResourceNotFoundException("invoice-not-found", $"There is no invoice '{command.InvoiceId}'.");
        if (await ledger.FindByKeyAsync(key, cancellationToken) is { } posted)
        {
            return new SettlementView(invoice.Id.Value, posted.Id, key, AlreadySettled: true);
        }

        if (command.Paid < invoice.Method(command.Method).Due)
        {
            throw new StateConflictException("payment-insufficient",
                $"{command.Paid} does not cover the {invoice.Method(command.Method).Due} due on {invoice.Id}.");
        }

        var now = clock.GetUtcNow();
        invoice.Settle(command.Method, command.Paid);
        var entry = SettlementPosting.For(invoice, command.Method, command.Paid, command.EffectiveAt, now);
        var entryId = await ledger.TryAppendAsync(entry, cancellationToken);
        if (entryId is null)
        {
            var winner = await ledger.FindByKeyAsync(key, cancellationToken)
                ?? throw new InvalidOperationException($"Entry {key} was refused as a duplicate but cannot be read.");
            return new SettlementView(invoice.Id.Value, winner.Id, key, AlreadySettled: true);
        }

        await invoices.UpdateAsync(invoice, cancellationToken);
        await outbox.AddAsync(InvoiceEvents.For("invoice.settled", invoice, now), cancellationToken);
        metrics.LedgerEntriesPosted(1);
        return new SettlementView(invoice.Id.Value, entryId.Value, key, AlreadySettled: false);
    }
}
