using AlatauPay.Application.Ports;

namespace AlatauPay.Application.Invoices.StatusFeed;

/// <summary>
/// This instance's listeners, by invoice. A feed hands each announcement here, however it arrived; a listener that
/// has not yet taken an earlier announcement keeps just one, since one fresh read covers them all.
/// </summary>
public sealed class LocalStatusWatchers
{
    private readonly Dictionary<string, HashSet<Watch>> byInvoice = new(StringComparer.Ordinal);

    /// <summary>Listeners in all, for tests and diagnostics.</summary>
    public int Count
    {
        get
        {
            lock (byInvoice)
            {
                return byInvoice.Values.Sum(w => w.Count);
            }
        }
    }

    /// <param name="interval">Asked at every wait: how long to wait for an announcement before reading anyway.</param>
    public IInvoiceStatusWatch Add(string invoiceId, Func<TimeSpan> interval)
    {
        var watch = new Watch(this, invoiceId, interval);
        lock (byInvoice)
        {
            if (!byInvoice.TryGetValue(invoiceId, out var set))
            {
                byInvoice[invoiceId] = set = [];
            }

            set.Add(watch);
        }

        return watch;
    }

    public void Notify(string invoiceId)
    {
        Watch[] woken;
        lock (byInvoice)
        {
            woken = byInvoice.TryGetValue(invoiceId, out var set) ? [.. set] : [];
        }

        foreach (var watch in woken)
        {
            watch.Wake();
        }
    }

    /// <summary>Wakes every listener: after announcements may have been lost, each reads its invoice afresh.</summary>
    public void NotifyAll()
    {
        Watch[] woken;
        lock (byInvoice)
        {
            woken = [.. byInvoice.Values.SelectMany(w => w)];
        }

        foreach (var watch in woken)
        {
            watch.Wake();
        }
    }

    private void Remove(Watch watch)
    {
        lock (byInvoice)
        {
            if (byInvoice.TryGetValue(watch.InvoiceId, out var set) && set.Remove(watch) && set.Count == 0)
            {
                byInvoice.Remove(watch.InvoiceId);
            }
        }
    }

    private sealed class Watch(LocalStatusWatchers owner, string invoiceId, Func<TimeSpan> interval) : IInvoiceStatusWatch
    {
        private readonly SemaphoreSlim announced = new(0, 1);

        public string InvoiceId => invoiceId;

        public async Task NextAsync(TimeSpan atMost, CancellationToken cancellationToken)
        {
            var wait = interval() < atMost ? interval() : atMost;
            await announced.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, cancellationToken);
        }

        public void Wake()
        {
            try
            {
                announced.Release();
            }
            catch (SemaphoreFullException)
            {
                // One pending announcement already covers this one.
            }
            catch (ObjectDisposedException)
            {
                // The listener went away while being woken.
            }
        }

        public void Dispose()
        {
            owner.Remove(this);
            announced.Dispose();
        }
    }
}
