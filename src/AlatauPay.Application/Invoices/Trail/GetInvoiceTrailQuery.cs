using System.Text.Json.Nodes;
using AlatauPay.Application.Common;
using AlatauPay.Application.Invoices.Get;
using AlatauPay.Application.Ledger;
using AlatauPay.Application.Ports;
using Mediator;

namespace AlatauPay.Application.Invoices.Trail;

/// <summary>
/// Everything that happened to an invoice, for an auditor: the invoice, its locked quotes, the chain
/// observations, every ledger entry it caused and every state change with its time and cause.
/// </summary>
public sealed record GetInvoiceTrailQuery(string Id) : IQuery<InvoiceTrailView>;

public sealed record InvoiceTrailView(
    InvoiceView Invoice,
    IReadOnlyList<QuoteView> Quotes,
    IReadOnlyList<ObservationView> Observations,
    IReadOnlyList<LedgerEntryView> LedgerEntries,
    IReadOnlyList<StateChangeView> StateChanges);

public sealed record QuoteView(string Method, string Rate, string RateSource, DateTimeOffset QuotedAt, AmountView Due);

/// <summary>
/// A payment seen on chain, by its natural key: chain, transaction id and output or log index; where it stands
/// now (<c>confirmed</c>, <c>unconfirmed</c>, <c>gone</c>) and the ledger entry that accounted for it, if any.
/// </summary>
public sealed record ObservationView(
    string Chain, string TransactionId, long Index, AmountView Amount, DateTimeOffset SeenAt, string Standing, int Confirmations, string? AccountedBy);

public sealed record StateChangeView(DateTimeOffset At, string Event, string Status, string Cause, string EventId);

public sealed class GetInvoiceTrailHandler(IInvoiceRepository invoices, ILedgerReader ledger, IOutbox outbox, IChainStore chains)
    : IQueryHandler<GetInvoiceTrailQuery, InvoiceTrailView>
{
    private const int MaxEntriesPerInvoice = 100;

    public async ValueTask<InvoiceTrailView> Handle(GetInvoiceTrailQuery query, CancellationToken cancellationToken)
    {
        var invoice = await invoices.FindExistingAsync(query.Id, cancellationToken);
        var quotes = invoice.PaymentMethods
            .Select(m => new QuoteView(m.Method.Code, m.Quote.Rate.ToDecimalString(), m.Quote.Source, m.Quote.QuotedAt, AmountView.From(m.Due)))
            .ToList();
        var entries = await ledger.ListAsync(
            new LedgerEntryFilter(null, invoice.Id.Value, null, null, TimeBasis.Recorded), MaxEntriesPerInvoice, null, cancellationToken);
        var events = await outbox.ListByInvoiceAsync(invoice.Id.Value, cancellationToken);
        var payments = await chains.ListPaymentsAsync(invoice.Id, cancellationToken);
        return new InvoiceTrailView(
            InvoiceView.From(invoice),
            quotes,
            [.. payments.Select(p => new ObservationView(
                p.Chain, p.TxId, p.Index, AmountView.From(p.Amount), p.FirstSeenAt, p.Standing.ToString().ToLowerInvariant(), p.Confirmations, p.AccountedBy))],
            [.. entries.Select(LedgerEntryView.From)],
            [.. events.Select(e => new StateChangeView(e.CreatedAt, e.Type, StatusAfter(e), CauseOf(e.Type), e.Id))]);
    }

    /// <summary>The invoice's status as the event recorded it.</summary>
    private static string StatusAfter(OutboxEvent e) =>
        JsonNode.Parse(e.Payload)?["data"]?["status"]?.GetValue<string>() ?? "unknown";

    private static string CauseOf(string eventType) => eventType switch
    {
        "invoice.created" => "created through the API by the department",
        "invoice.settled" => "payment reached the required confirmations; settlement entry posted",
        "invoice.expired" => "expiry time passed without full payment",
        "invoice.cancelled" => "cancelled by the department before any payment",
        "invoice.payment_seen" => "a payment to the invoice's address was seen on chain",
        "invoice.processing" => "payment seen, not yet at the required confirmations",
        "invoice.invalid" => "the payment was replaced or double-spent and nothing replaced it",
        "invoice.reversed" => "the payment a settlement rested on left the chain; the settlement was reversed",
        "invoice.paid_late" => "money arrived after expiry; recorded and owed to the payer",
        _ => eventType,
    };
}
