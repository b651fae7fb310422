using AlatauPay.Application.Chains;
using AlatauPay.Application.Diagnostics;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using AlatauPay.Domain.Ledger;
using Mediator;

namespace AlatauPay.Application.Invoices.Reconcile;

public sealed class ReconcileInvoiceHandler(
    IInvoiceRepository invoices,
    IDepartmentRepository departments,
    IChainStore chains,
    ILedgerRepository ledger,
    IOutbox outbox,
    AlatauPayMetrics metrics,
    IEnumerable<IPaymentMethodProvider> providers,
    TimeProvider clock) : ICommandHandler<ReconcileInvoiceCommand, ReconcileOutcome>
{
    public async ValueTask<ReconcileOutcome> Handle(ReconcileInvoiceCommand command, CancellationToken cancellationToken)
    {
        var invoice = await invoices.FindAsync(command.InvoiceId, cancellationToken)
            ?? throw new InvalidOperationException($"Payments name invoice {command.InvoiceId}, which does not exist.");
        var department = (await departments.FindAsync(invoice.Department, cancellationToken))!;
        var payments = await chains.ListPaymentsAsync(invoice.Id, cancellationToken);
        var required = RequiredConfirmations.For(department, invoice, providers);

        var result = PaymentReconciliation.Reconcile(invoice, payments, required, department.Tolerance);
        if (!result.Changed)
        {
            return new ReconcileOutcome(invoice.Status.ToName(), []);
        }

        var now = clock.GetUtcNow();
        var posted = new List<string>();
        foreach (var key in result.EntriesToReverse)
        {
            posted.Add(await ReverseAsync(key, now, cancellationToken));
        }

        if (result.Settlement is { } settlement)
        {
            var key = await NextFreeKeyAsync(SettlementPosting.KeyFor(invoice.Id), cancellationToken);
            await PostAsync(SettlementPosting.For(invoice, settlement.Method, settlement.Paid, key, now, now), settlement.Payments, cancellationToken);
            posted.Add(key);
        }

        foreach (var payment in result.Unapplied)
        {
            var key = await NextFreeKeyAsync(UnappliedPaymentPosting.KeyFor(payment), cancellationToken);
            await PostAsync(UnappliedPaymentPosting.For(invoice, payment, key, now, now), [payment], cancellationToken);
            posted.Add(key);
        }

        await invoices.UpdateAsync(invoice, cancellationToken);
        foreach (var type in EventTypes(result, invoice))
        {
            await outbox.AddAsync(InvoiceEvents.For(type, invoice, now), cancellationToken);
        }

        metrics.LedgerEntriesPosted(posted.Count);
        return new ReconcileOutcome(invoice.Status.ToName(), posted, result.PaymentSeen);
    }

    private async Task<string> ReverseAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var original = await ledger.FindByKeyAsync(key, cancellationToken)
            ?? throw new InvalidOperationException($"Payments cite ledger entry {key}, which does not exist.");
        var reversal = ReversalPosting.For(original.Entry, "its payment left the chain", now, now);
        await ledger.TryAppendAsync(reversal, cancellationToken);
        await chains.ClearAccountingAsync(key, cancellationToken);
        return reversal.Key;
    }

    private async Task PostAsync(LedgerEntry entry, IEnumerable<PaymentObservation> payments, CancellationToken cancellationToken)
    {
        if (await ledger.TryAppendAsync(entry, cancellationToken) is null)
        {
            throw new ConcurrentUpdateException($"Entry {entry.Key} was posted by another reconciliation; this one starts over.");
        }

        await chains.MarkAccountedAsync(payments, entry.Key, cancellationToken);
    }

    /// <summary>The base key, or the first of <c>{base}:2</c>, <c>{base}:3</c>, … not yet in the ledger (after a reversal).</summary>
    private async Task<string> NextFreeKeyAsync(string baseKey, CancellationToken cancellationToken)
    {
        var key = baseKey;
        for (var generation = 2; await ledger.FindByKeyAsync(key, cancellationToken) is not null; generation++)
        {
            key = $"{baseKey}:{generation}";
        }

        return key;
    }

    private static IEnumerable<string> EventTypes(ReconciliationResult result, Invoice invoice)
    {
        if (result.PaymentSeen)
        {
            yield return "invoice.payment_seen";
        }

        if (result.EntriesToReverse.Any(PaymentReconciliation.IsSettlementKey))
        {
            yield return "invoice.reversed";
        }

        var statusEvent = invoice.Status switch
        {
            InvoiceStatus.Processing => "invoice.processing",
            InvoiceStatus.Settled => "invoice.settled",
            InvoiceStatus.Invalid => "invoice.invalid",
            _ => null,
        };
        // A settlement that replaces a reversed one is news even though the status ends where it began.
        if (statusEvent is not null && (invoice.Status != result.PreviousStatus || result.Settlement is not null))
        {
            yield return statusEvent;
        }

        if (result.BecameLate)
        {
            yield return "invoice.paid_late";
        }
    }
}
