using AlatauPay.Application.Ports;

namespace AlatauPay.Api.Webhooks;

/// <summary>Wakes the dispatcher when events commit or an attempt ends, so delivery does not wait for the next poll.</summary>
internal sealed class DispatchSignal : IOutboxSignal, IDisposable
{
    private readonly SemaphoreSlim wake = new(0, 1);

    public void Notify()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake: one pending wake-up covers every notification before it is taken.
        }
    }

    /// <summary>Waits for a notification or the poll interval, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan poll, CancellationToken cancellationToken) => wake.WaitAsync(poll, cancellationToken);

    public void Dispose() => wake.Dispose();
}
