namespace AlatauPay.Application.Ports;

/// <summary>Told after a transaction that wrote outbox events commits, so the dispatcher need not wait for its next poll.</summary>
public interface IOutboxSignal
{
    void Notify();
}
