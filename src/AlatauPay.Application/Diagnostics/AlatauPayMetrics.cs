using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AlatauPay.Application.Diagnostics;

/// <summary>
/// The gateway's own instruments, on the <c>AlatauPay</c> meter. Each is recorded where its event happens, after
/// the transaction that made it has committed where the caller can tell; the host exports them (Prometheus,
/// OTLP) and feeds the gauges from sources it can read cheaply.
/// </summary>
/// <remarks>
/// The meter and its instruments are process-wide and never disposed. With several hosts in one process (the
/// tests), OpenTelemetry 1.20 exported none of a host's <c>IMeterFactory</c> meters, and when one of several
/// same-named meters was disposed it stopped exporting the others' instruments too. Each host instead registers
/// its gauge sources here for as long as it lives.
/// </remarks>
public sealed class AlatauPayMetrics : IDisposable
{
    public const string MeterName = "AlatauPay";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<AlatauPayMetrics, byte> Live = new();

    private readonly Instruments instruments = Instruments.Shared;

    private Func<IEnumerable<Measurement<long>>>? watcherLag;
    private Func<IEnumerable<Measurement<long>>>? invoicesByState;

    static AlatauPayMetrics()
    {
        Meter.CreateObservableGauge(
            "alataupay.watcher.lag",
            () => Live.Keys.SelectMany(m => m.watcherLag?.Invoke() ?? []),
            "{block}",
            "Blocks between the node's tip and the last block the chain's watcher processed");
        Meter.CreateObservableGauge(
            "alataupay.invoices.by_state",
            () => Live.Keys.SelectMany(m => m.invoicesByState?.Invoke() ?? []),
            "{invoice}",
            "Invoices in each state, as of the last census");
    }

    public AlatauPayMetrics() => Live[this] = 0;

    public void InvoiceCreated() => instruments.InvoicesCreated.Add(1);

    public void PaymentSeen(string chain) => instruments.PaymentsSeen.Add(1, new KeyValuePair<string, object?>("chain", chain));

    public void PaymentSettled(string chain) => instruments.PaymentsSettled.Add(1, new KeyValuePair<string, object?>("chain", chain));

    public void LedgerEntriesPosted(int count)
    {
        if (count > 0)
        {
            instruments.EntriesPosted.Add(count);
        }
    }

    public void WebhookAttempt(bool delivered, TimeSpan duration)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", delivered ? "delivered" : "failed");
        instruments.WebhookDeliveries.Add(1, outcome);
        if (!delivered)
        {
            instruments.WebhookFailures.Add(1);
        }

        instruments.WebhookDuration.Record(duration.TotalSeconds, outcome);
    }

    public void IdempotentReplay() => instruments.IdempotentReplays.Add(1);

    /// <summary>What <c>alataupay.watcher.lag</c> reports for this host, labelled by <c>chain</c>.</summary>
    public void ObserveWatcherLag(Func<IEnumerable<Measurement<long>>> source) => watcherLag = source;

    /// <summary>What <c>alataupay.invoices.by_state</c> reports for this host, labelled by <c>state</c>.</summary>
    public void ObserveInvoicesByState(Func<IEnumerable<Measurement<long>>> source) => invoicesByState = source;

    public void Dispose() => Live.TryRemove(this, out _);

    /// <summary>The counters and histogram, created once for the process.</summary>
    private sealed class Instruments
    {
        public static readonly Instruments Shared = new();

        public Counter<long> InvoicesCreated { get; } =
            Meter.CreateCounter<long>("alataupay.invoices.created", "{invoice}", "Invoices created");

        public Counter<long> PaymentsSeen { get; } =
            Meter.CreateCounter<long>("alataupay.payments.seen", "{payment}", "Invoices that saw a new payment, per chain");

        public Counter<long> PaymentsSettled { get; } =
            Meter.CreateCounter<long>("alataupay.payments.settled", "{invoice}", "Invoices settled by their payments, per chain");

        public Counter<long> EntriesPosted { get; } =
            Meter.CreateCounter<long>("alataupay.ledger.entries.posted", "{entry}", "Ledger entries posted");

        public Counter<long> WebhookDeliveries { get; } =
            Meter.CreateCounter<long>("alataupay.webhook.deliveries", "{attempt}", "Webhook delivery attempts, by outcome");

        public Counter<long> WebhookFailures { get; } =
            Meter.CreateCounter<long>("alataupay.webhook.failures", "{attempt}", "Webhook delivery attempts the receiver did not accept");

        public Histogram<double> WebhookDuration { get; } =
            Meter.CreateHistogram<double>("alataupay.webhook.duration", "s", "How long a receiver took to answer a delivery attempt");

        public Counter<long> IdempotentReplays { get; } =
            Meter.CreateCounter<long>("alataupay.idempotency.replays", "{request}", "POSTs answered with a stored response");
    }
}
