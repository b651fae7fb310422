using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;

namespace AlatauPay.Domain.Ledger;

/// <summary>
/// The posting rule for a settled invoice. The crypto received and the KZT revenue meet in trading
/// accounts, so each currency balances on its own; an overpayment is owed back to the payer.
/// </summary>
public static class SettlementPosting
{
    public static string KeyFor(InvoiceId invoice) => $"settle:{invoice}";

    public static LedgerEntry For(Invoice invoice, Currency method, Money paid, DateTimeOffset effectiveAt, DateTimeOffset recordedAt) =>
        For(invoice, method, paid, KeyFor(invoice.Id), effectiveAt, recordedAt);

    /// <summary>
    /// The entry under an explicit key: <see cref="KeyFor"/> for an invoice's first settlement; an invoice settled
    /// again after its settlement was reversed takes the next free <c>settle:{id}:{n}</c>.
    /// </summary>
    public static LedgerEntry For(Invoice invoice, Currency method, Money paid, string key, DateTimeOffset effectiveAt, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var due = invoice.Method(method).Due;
        var postings = new List<Posting>(5)
        {
            Posting.Debit(LedgerAccounts.CryptoAssets(method, invoice.Department), paid),
        };
        if (paid > due)
        {
            postings.Add(Posting.Credit(LedgerAccounts.Trading(method), due));
            postings.Add(Posting.Credit(LedgerAccounts.PayerCredit(method, invoice.Department, invoice.Payer.Account), paid - due));
        }
        else
        {
            postings.Add(Posting.Credit(LedgerAccounts.Trading(method), paid));
        }

        postings.Add(Posting.Debit(LedgerAccounts.Trading(invoice.Amount.Currency), invoice.Amount));
        postings.Add(Posting.Credit(LedgerAccounts.Revenue(invoice.Department, invoice.Service), invoice.Amount));

        var description = $"settle {invoice.Id} ({invoice.Amount} paid with {paid})";
        return LedgerEntry.Create(key, description, invoice.Id.Value, effectiveAt, recordedAt, postings);
    }
}
