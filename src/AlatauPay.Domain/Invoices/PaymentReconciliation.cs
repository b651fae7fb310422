using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;

namespace AlatauPay.Domain.Invoices;

/// <summary>
/// Decides what an invoice's payments mean: settle, go back, reverse a settlement whose payment is gone,
/// or account for money that arrived outside a settlement. It is a pure function of the invoice and its
/// payments, so running it again — after a crash, or twice at once — reaches the same decision.
/// A settled payment that a reorg sends back to the mempool is not reversed while it may still confirm;
/// only a payment that is gone (replaced, double-spent) undoes what it paid for. When that undoes a
/// settlement, payments the settlement had left to the payer's credit are taken back from it too, and every
/// live payment counts towards settling the invoice again.
/// </summary>
public static class PaymentReconciliation
{
    public static ReconciliationResult Reconcile(
        Invoice invoice, IReadOnlyList<PaymentObservation> payments, int requiredConfirmations, PaymentTolerance tolerance) =>
        Reconcile(invoice, payments, _ => requiredConfirmations, tolerance);

    /// <param name="requiredConfirmations">Confirmations a payment in each method needs; chains count depth differently.</param>
    public static ReconciliationResult Reconcile(
        Invoice invoice, IReadOnlyList<PaymentObservation> payments, Func<Currency, int> requiredConfirmations, PaymentTolerance tolerance)
    {
        ArgumentNullException.ThrowIfNull(requiredConfirmations);
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(payments);
        var paidBefore = invoice.PaymentMethods.Select(m => m.Paid).ToList();
        var before = (invoice.Status, invoice.Flags, Paid: SeenTotal(invoice));

        var reversals = payments.Where(p => !p.IsAlive && p.AccountedBy is not null).Select(p => p.AccountedBy!).Distinct().ToList();
        var alive = payments.Where(p => p.IsAlive).ToList();
        if (invoice.Status == InvoiceStatus.Settled && reversals.Any(IsSettlementKey))
        {
            // Money that came beside the lost settlement went to the payer's credit; it may pay the invoice now.
            reversals.AddRange(alive.Select(p => p.AccountedBy).OfType<string>().Where(key => !IsSettlementKey(key)).Distinct().Except(reversals).ToList());
        }

        var unaccounted = alive.Where(p => p.AccountedBy is null || reversals.Contains(p.AccountedBy)).ToList();
        foreach (var method in invoice.PaymentMethods)
        {
            invoice.RecordPaid(method.Method, Sum(method.Method, alive));
        }

        if (invoice.Status == InvoiceStatus.Settled && reversals.Any(IsSettlementKey))
        {
            invoice.Become(alive.Count > 0 ? InvoiceStatus.Processing : InvoiceStatus.Invalid);
        }

        var final = unaccounted.Where(p => p.Confirmations >= requiredConfirmations(p.Method)).ToList();
        var settlement = invoice.Status is InvoiceStatus.New or InvoiceStatus.Processing
            ? SettleOrWait(invoice, payments, alive, final, tolerance)
            : null;
        var unapplied = invoice.Status == InvoiceStatus.Settled || InvoiceLifecycle.IsTerminal(invoice.Status)
            ? final.Except(settlement?.Payments ?? []).ToList()
            : [];
        FlagUnapplied(invoice, unapplied);

        return new ReconciliationResult(
            before.Status,
            reversals,
            settlement,
            unapplied,
            PaymentSeen: invoice.PaymentMethods.Select((m, i) => m.Paid > paidBefore[i]).Any(increased => increased),
            BecameLate: !before.Flags.HasFlag(AdditionalStatus.PaidLate) && invoice.Flags.HasFlag(AdditionalStatus.PaidLate),
            Changed: before != (invoice.Status, invoice.Flags, SeenTotal(invoice)) || reversals.Count > 0 || settlement is not null || unapplied.Count > 0);
    }

    public static bool IsSettlementKey(string entryKey) => entryKey.StartsWith("settle:", StringComparison.Ordinal);

    private static SettlementDecision? SettleOrWait(
        Invoice invoice, IReadOnlyList<PaymentObservation> payments, List<PaymentObservation> alive, List<PaymentObservation> final, PaymentTolerance tolerance)
    {
        foreach (var method in invoice.PaymentMethods)
        {
            var paid = Sum(method.Method, final);
            if (paid.IsPositive && paid >= tolerance.Minimum(method.Due))
            {
                invoice.Settle(method.Method, paid);
                return new SettlementDecision(method.Method, paid, [.. final.Where(p => p.Method == method.Method)]);
            }
        }

        var next = alive.Count > 0 ? InvoiceStatus.Processing
            : payments.Count > 0 && invoice.Status == InvoiceStatus.Processing ? InvoiceStatus.Invalid
            : InvoiceStatus.New;
        if (next != invoice.Status)
        {
            invoice.Become(next);
        }

        invoice.Flag(AdditionalStatus.PaidPartial, alive.Count > 0 && !invoice.PaymentMethods.Any(m => m.Paid >= m.Due));
        return null;
    }

    private static void FlagUnapplied(Invoice invoice, List<PaymentObservation> unapplied)
    {
        if (unapplied.Count == 0)
        {
            return;
        }

        invoice.Flag(invoice.Status == InvoiceStatus.Settled ? AdditionalStatus.PaidOver : AdditionalStatus.PaidLate, on: true);
    }

    private static Money Sum(Currency method, IEnumerable<PaymentObservation> payments) =>
        payments.Where(p => p.Method == method).Aggregate(Money.Zero(method), (total, p) => total + p.Amount);

    private static string SeenTotal(Invoice invoice) =>
        string.Join('|', invoice.PaymentMethods.Select(m => m.Paid.ToString()));
}

/// <summary>Final payments in one method that settle the invoice.</summary>
public sealed record SettlementDecision(Currency Method, Money Paid, IReadOnlyList<PaymentObservation> Payments);

/// <summary>
/// What reconciliation decided. <see cref="EntriesToReverse"/> are ledger entries whose payments are gone;
/// <see cref="Unapplied"/> are final payments to account for outside a settlement (late, extra, to a closed invoice).
/// </summary>
public sealed record ReconciliationResult(
    InvoiceStatus PreviousStatus,
    IReadOnlyList<string> EntriesToReverse,
    SettlementDecision? Settlement,
    IReadOnlyList<PaymentObservation> Unapplied,
    bool PaymentSeen,
    bool BecameLate,
    bool Changed);
