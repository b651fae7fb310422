using AlatauPay.Domain.Invoices;
using Mediator;

namespace AlatauPay.Application.Invoices.Reconcile;

/// <summary>
/// Brings an invoice in line with what its chains say now: settles it, takes it back, reverses a settlement
/// whose payment is gone, and accounts for money that arrived outside a settlement. Safe to send any number
/// of times: the same payments lead to the same ledger, and every entry key is unique.
/// </summary>
public sealed record ReconcileInvoiceCommand(InvoiceId InvoiceId) : ICommand<ReconcileOutcome>;

/// <param name="Status">The invoice's status after reconciling.</param>
/// <param name="EntriesPosted">Keys of the ledger entries this call posted.</param>
/// <param name="PaymentSeen">Whether this call saw a payment the invoice did not know of.</param>
public sealed record ReconcileOutcome(string Status, IReadOnlyList<string> EntriesPosted, bool PaymentSeen = false);
