using System.Diagnostics.Metrics;

namespace AlatauPay.Application.Diagnostics;

/// <summary>
/// The gateway's own instruments, on the <c>AlatauPay</c> meter. Each is recorded where its event happens, after
/// the transaction that made it has committed where the caller can tell; the host exports them (Prometheus,
/// OTLP) and adds the gauges it can read cheaply. The meter is made here rather than by the host's
/// <c>IMeterFactory</c>: with several hosts in one process (the tests), OpenTelemetry 1.20 exported none of a
/// factory's meters, while a plain meter reaches every host's listener.
/// </summary>
public sealed class AlatauPayMetrics : IDisposable
{
    public const string MeterName = "AlatauPay";

    private readonly Counter<long> invoicesCreated;
    private readonly Counter<long> paymentsSeen;
    private readonly Counter<long> paymentsSettled;
    private readonly Counter<long> ledgerEntriesPosted;
    private readonly Counter<long> webhookDeliveries;
    private readonly Counter<long> webhookFailures;
    private readonly Histogram<double> webhookDuration;
    private readonly Counter<long> idempotentReplays;

    public AlatauPayMetrics()
    {
        Meter = new Meter(MeterName);
        invoicesCreated = Meter.CreateCounter<long>("alataupay.invoices.created", "{invoice}", "Invoices created");
        paymentsSeen = Meter.CreateCounter<long>("alataupay.payments.seen", "{payment}", "Invoices that saw a new payment, per chain");
        paymentsSettled = Meter.CreateCounter<long>("alataupay.payments.settled", "{invoice}", "Invoices settled by their payments, per chain");
        ledgerEntriesPosted = Meter.CreateCounter<long>("alataupay.ledger.entries.posted", "{entry}", "Ledger entries posted");
        webhookDeliveries = Meter.CreateCounter<long>("alataupay.webhook.deliveries", "{attempt}", "Webhook delivery attempts, by outcome");
        webhookFailures = Meter.CreateCounter<long>("alataupay.webhook.failures", "{attempt}", "Webhook delivery attempts the receiver did not accept");
        webhookDuration = Meter.CreateHistogram<double>("alataupay.webhook.duration", "s", "How long a receiver took to answer a delivery attempt");
        idempotentReplays = Meter.CreateCounter<long>("alataupay.idempotency.replays", "{request}", "POSTs answered with a stored response");
    }

    public Meter Meter { get; }

    public void InvoiceCreated() => invoicesCreated.Add(1);

    public void PaymentSeen(string chain) => paymentsSeen.Add(1, new KeyValuePair<string, object?>("chain", chain));

    public void PaymentSettled(string chain) => paymentsSettled.Add(1, new KeyValuePair<string, object?>("chain", chain));

    public void LedgerEntriesPosted(int count)
    {
        if (count > 0)
        {
            ledgerEntriesPosted.Add(count);
        }
    }

    public void WebhookAttempt(bool delivered, TimeSpan duration)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", delivered ? "delivered" : "failed");
        webhookDeliveries.Add(1, outcome);
        if (!delivered)
        {
            webhookFailures.Add(1);
        }

        webhookDuration.Record(duration.TotalSeconds, outcome);
    }

    public void IdempotentReplay() => idempotentReplays.Add(1);

    public void Dispose() => Meter.Dispose();
}
