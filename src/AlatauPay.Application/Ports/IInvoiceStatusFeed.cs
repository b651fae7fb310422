namespace AlatauPay.Application.Ports;

/// <summary>
/// Tells every gateway instance that an invoice changed, so a resident's checkout page updates whichever instance
/// serves it. An announcement is a hint to read the invoice again, never the state itself; since one can be lost
/// (Redis away, a subscriber reconnecting), a watch also wakes on its own at the feed's interval.
/// </summary>
public interface IInvoiceStatusFeed
{
    /// <summary>Announces a committed change of <paramref name="invoiceId"/>. Never throws and never waits on the network.</summary>
    void Publish(string invoiceId);

    /// <summary>Starts listening for one invoice. Watch before the first read, so a change between the two is not missed.</summary>
    IInvoiceStatusWatch Watch(string invoiceId);
}

/// <summary>One listener for one invoice; disposing it stops listening.</summary>
public interface IInvoiceStatusWatch : IDisposable
{
    /// <summary>
    /// Completes when the invoice is worth reading again: a change was announced since the last call, or the feed's
    /// own interval passed, or <paramref name="atMost"/> did, whichever is first.
    /// </summary>
    Task NextAsync(TimeSpan atMost, CancellationToken cancellationToken);
}
