using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using Mediator;

namespace AlatauPay.Application.Invoices.Settle;

/// <summary>
/// Settles an invoice for <paramref name="Paid"/> in <paramref name="Method"/> without chain observations: posts the
/// settlement entry <c>settle:{invoiceId}</c> exactly once, however often it is sent. The chain watchers do not use
/// it; they send <c>ReconcileInvoiceCommand</c>, which settles from the payments they recorded and marks those
/// payments accounted. This command marks nothing, so it must not run beside a watcher for the same invoice (a
/// later reconciliation would post the same payments again as unapplied); tests and benchmarks use it to settle
/// invoices no chain pays.
/// </summary>
public sealed record SettleInvoiceCommand(InvoiceId InvoiceId, Currency Method, Money Paid, DateTimeOffset EffectiveAt)
    : ICommand<SettlementView>;

/// <summary>
/// The settlement's ledger entry: its sequence number and key, and whether an earlier call had posted it
/// already (in which case this one changed nothing).
/// </summary>
public sealed record SettlementView(string InvoiceId, long EntryId, string EntryKey, bool AlreadySettled);
