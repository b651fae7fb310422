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

/// <summary>A payment seen on chain, by its natural key: chain, transaction id and output or log index.</summary>
public sealed record ObservationView(string Chain, string TransactionId, long Index, AmountView Amount, DateTimeOffset SeenAt);

public sealed record StateChangeView(DateTimeOffset At, string Event, string Status, string Cause, string EventId);

public sealed class GetInvoiceTrailHandler(IInvoiceRepository invoices, ILedgerReader ledger, IOutbox outbox)
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
        return new InvoiceTrailView(
            InvoiceView.From(invoice),
            quotes,
            [],
            [.. entries.Select(LedgerEntryView.From)],
            [.. events.Select(e => new StateChangeView(e.CreatedAt, e.Type, StatusAfter(e.Type), CauseOf(e.Type), e.Id))]);
    }

    private static string StatusAfter(string eventType) => eventType switch
    {
        "invoice.created" => "new",
        "invoice.settled" => "settled",
        "invoice.expired" => "expired",
        "invoice.cancelled" => "cancelled",
        _ => eventType.Replace("invoice.", "", StringComparison.Ordinal),
    };

    private static string CauseOf(string eventType) => eventType switch
    {
        "invoice.created" => "created through the API by the department",
        "invoice.settled" => "payment reached the required confirmations; settlement entry posted",
        "invoice.expired" => "expiry time passed without full payment",
        "invoice.cancelled" => "cancelled by the department before any payment",
        _ => eventType,
    };
}
