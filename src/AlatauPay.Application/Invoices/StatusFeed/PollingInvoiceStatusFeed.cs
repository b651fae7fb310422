using AlatauPay.Application.Ports;
using Microsoft.Extensions.Options;

namespace AlatauPay.Application.Invoices.StatusFeed;

/// <summary>
/// The feed without Redis: changes committed on this instance wake its listeners at once; changes made on other
/// instances are found by each listener reading the database every <see cref="StatusFeedOptions.PollInterval"/>.
/// </summary>
public sealed class PollingInvoiceStatusFeed(IOptions<StatusFeedOptions> options) : IInvoiceStatusFeed
{
    private readonly LocalStatusWatchers watchers = new();

    public void Publish(string invoiceId) => watchers.Notify(invoiceId);

    public IInvoiceStatusWatch Watch(string invoiceId) => watchers.Add(invoiceId, () => options.Value.PollInterval);
}
