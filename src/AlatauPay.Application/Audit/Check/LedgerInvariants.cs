using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;

namespace AlatauPay.Application.Audit.Check;

/// <summary>The ledger's own invariants, and the balances kept beside it checked against a replay of the facts.</summary>
internal static class LedgerInvariants
{
    private const int Page = 1000;

    public static async Task<IReadOnlyList<LedgerRecord>> LoadAsync(ILedgerReader ledger, CancellationToken cancellationToken)
    {
        var all = new List<LedgerRecord>();
        var everything = new LedgerEntryFilter(null, null, null, null, TimeBasis.Recorded);
        while (true)
        {
            var page = await ledger.ListAsync(everything, Page, all.Count == 0 ? null : all[^1].Id, cancellationToken);
            all.AddRange(page);
            if (page.Count < Page)
            {
                return all;
            }
        }
    }

    public static InvariantResult EntriesBalance(IReadOnlyList<LedgerRecord> entries)
    {
        var violations = new List<string>();
        foreach (var entry in entries)
        {
            if (entry.Postings.Count < 2)
            {
                violations.Add($"entry {entry.Id} ({entry.Key}) has {entry.Postings.Count} posting(s)");
            }

            foreach (var currency in entry.Postings.GroupBy(p => p.Amount.Currency))
            {
                var net = Net(currency);
                if (net != Int128.Zero)
                {
                    violations.Add($"entry {entry.Id} ({entry.Key}) is off by {new Money(currency.Key, Int128.Abs(net))} ({(net > 0 ? "debits" : "credits")} exceed)");
                }
            }

            if (entry.Postings.FirstOrDefault(p => !p.Amount.IsPositive) is { } zero)
            {
                violations.Add($"entry {entry.Id} ({entry.Key}) posts a non-positive amount to {zero.Account}");
            }
        }

        return new InvariantResult("entries-balance", "every ledger entry balances per currency", entries.Count, violations);
    }

    /// <summary>
    /// Two balances are kept beside the journal: each invoice's amount paid per method (the invoice row) and
    /// which payments the ledger accounts for (the chain record). Replayed from the facts they came from, they
    /// must agree: paid is the sum of the payments still alive, and the crypto asset the ledger holds for an
    /// invoice is the sum of the payments marked accounted.
    /// </summary>
    public static InvariantResult BalancesReplay(IReadOnlyList<LedgerRecord> entries, IReadOnlyList<StoredInvoice> invoices)
    {
        var violations = new List<string>();
        var byInvoice = entries.Where(e => e.InvoiceId is not null).ToLookup(e => e.InvoiceId!);
        var checkedCount = 0L;
        foreach (var (invoice, payments, _) in invoices)
        {
            foreach (var method in invoice.PaymentMethods)
            {
                checkedCount++;
                var alive = Sum(method.Method, payments.Where(p => p.IsAlive && p.Method == method.Method));
                if (alive != method.Paid)
                {
                    violations.Add($"invoice {invoice.Id} stores {method.Paid} paid; its live payments sum to {alive}");
                }

                var account = LedgerAccounts.CryptoAssets(method.Method, invoice.Department);
                var held = Net(byInvoice[invoice.Id.Value].SelectMany(e => e.Postings).Where(p => p.Account == account && p.Amount.Currency == method.Method));
                var accounted = Sum(method.Method, payments.Where(p => p.AccountedBy is not null && p.Method == method.Method));
                if (held != accounted.MinorUnits)
                {
                    violations.Add($"invoice {invoice.Id}: the ledger holds {new Money(method.Method, held)} on {account}; the payments it accounts for sum to {accounted}");
                }
            }
        }

        return new InvariantResult(
            "balances-replay", "materialised balances (invoice paid amounts, accounted payments) equal a replay of the entries and observations", checkedCount, violations,
            "the ledger keeps no account-balance table: account balances are always a replay of postings");
    }

    /// <summary>Debits minus credits, in minor units.</summary>
    internal static Int128 Net(IEnumerable<Posting> postings) =>
        postings.Aggregate(Int128.Zero, (sum, p) => p.Side == PostingSide.Debit ? sum + p.Amount.MinorUnits : sum - p.Amount.MinorUnits);

    private static Money Sum(Currency currency, IEnumerable<Domain.Invoices.PaymentObservation> payments) =>
        payments.Aggregate(Money.Zero(currency), (total, p) => total + p.Amount);
}
