using AlatauPay.Domain.Invoices;

namespace AlatauPay.Domain.Ledger;

/// <summary>
/// Money that reached a deposit address outside a settlement — after expiry, to a cancelled invoice, or
/// beyond what settled — is still the city's to account for: it is owed to the payer until an operator
/// refunds it or applies it.
/// </summary>
public static class UnappliedPaymentPosting
{
    public static string KeyFor(PaymentObservation payment) => $"unapplied:{payment.Reference}";

    public static LedgerEntry For(Invoice invoice, PaymentObservation payment, string key, DateTimeOffset effectiveAt, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(payment);
        return LedgerEntry.Create(
            key,
            $"unapplied payment {payment.Reference} to {invoice.Id} ({invoice.Status.ToName()})",
            invoice.Id.Value,
            effectiveAt,
            recordedAt,
            [
                Posting.Debit(LedgerAccounts.CryptoAssets(payment.Method, invoice.Department), payment.Amount),
                Posting.Credit(LedgerAccounts.PayerCredit(payment.Method, invoice.Department, invoice.Payer.Account), payment.Amount),
            ]);
    }
}
