using AlatauPay.Application.Chains;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using Mediator;

namespace AlatauPay.Application.Audit.Check;

/// <summary>
/// Checks the store's invariants: the ledger, the invoices' payments, the chain record and the transparency
/// log, and that every write a client was told succeeded is there. Read-only; safe on a live store, though
/// a payment seen but not yet reconciled at that instant shows as a paid-amount difference.
/// </summary>
public sealed record CheckInvariantsQuery(IReadOnlyList<AcknowledgedWrite> Acknowledged) : IQuery<InvariantReport>;

public sealed class CheckInvariantsHandler(
    ILedgerReader ledger,
    ITransparencyLog log,
    IInvoiceRepository invoices,
    IDepartmentRepository departments,
    IChainStore chains,
    IAuditFacts facts,
    IEnumerable<IPaymentMethodProvider> providers,
    IEnumerable<IChainNode> nodes) : IQueryHandler<CheckInvariantsQuery, InvariantReport>
{
    public async ValueTask<InvariantReport> Handle(CheckInvariantsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var entries = await LedgerInvariants.LoadAsync(ledger, cancellationToken);
        var ids = await facts.InvoiceIdsAsync(cancellationToken);
        var stored = new List<StoredInvoice>(ids.Count);
        foreach (var id in ids)
        {
            var invoice = await invoices.FindAsync(id, cancellationToken);
            if (invoice is not null)
            {
                stored.Add(new StoredInvoice(invoice, await chains.ListPaymentsAsync(id, cancellationToken), await RequiredAsync(invoice, cancellationToken)));
            }
        }

        var observations = await facts.ObservationKeysAsync(cancellationToken);
        var references = await facts.ChainReferencesAsync(cancellationToken);
        var settlements = new SettlementInvariants(entries, stored);
        var chain = new ChainInvariants(stored, entries, references, await facts.CanonicalBlocksAsync(cancellationToken), nodes.ToList());
        var results = new List<InvariantResult>
        {
            LedgerInvariants.EntriesBalance(entries),
            LedgerInvariants.BalancesReplay(entries, stored),
            settlements.OneSettlementPerInvoice(),
            SettlementInvariants.OneObservationPerKey(observations, references, entries),
            await chain.SettledPaymentsOnCanonicalChainAsync(cancellationToken),
            await TransparencyInvariants.CheckAsync(ledger, log, await facts.TreeHeadsAsync(cancellationToken), entries.Count, cancellationToken),
            SettlementInvariants.AcknowledgedWritesPresent(query.Acknowledged, stored, entries),
        };
        return new InvariantReport(results, entries.Count, stored.Count, observations.Count);
    }

    private async Task<Func<Currency, int>> RequiredAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        var department = await departments.FindAsync(invoice.Department, cancellationToken);
        if (department is null)
        {
            return _ => int.MaxValue;
        }

        return RequiredConfirmations.For(department, invoice, providers);
    }
}

/// <summary>An invoice as stored, its payments as the chain record shows them now, and the depth each method needs.</summary>
internal sealed record StoredInvoice(Invoice Invoice, IReadOnlyList<PaymentObservation> Payments, Func<Currency, int> RequiredConfirmations);
