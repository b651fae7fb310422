using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using Mediator;

namespace AlatauPay.Application.Invoices.Settle;

/// <summary>
/// A chain adapter found that <paramref name="Paid"/> in <paramref name="Method"/> reached the required depth.
/// Posts the settlement entry <c>settle:{invoiceId}</c> exactly once, however often it is sent.
/// </summary>
public sealed record SettleInvoiceCommand(InvoiceId InvoiceId, Currency Method, Money Paid, DateTimeOffset EffectiveAt)
    : ICommand<SettlementView>;

/// <summary>
/// The settlement's ledger entry: its sequence number and key, and whether an earlier call had posted it
/// already (in which case this one changed nothing).
/// </summary>
public sealed record SettlementView(string InvoiceId, long EntryId, string EntryKey, bool AlreadySettled);
