namespace AlatauPay.Application.Ports;

/// <summary>
/// Something this instance holds that it gives back when it stops gracefully — a lease, so another instance takes
/// over at once instead of waiting for it to run out. Called once, after the watchers and dispatchers have stopped;
/// the token fires when the shutdown timeout runs out.
/// </summary>
public interface IReleaseOnShutdown
{
    Task ReleaseAsync(CancellationToken cancellationToken);
}
