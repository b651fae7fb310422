using AlatauPay.Application.Ports;

namespace AlatauPay.Application.Leases;

/// <summary>
/// The lease the writes of this scope are made under, if any. A store that can check it does so inside the
/// write's own transaction and refuses the write (<see cref="LeaseLostException"/>) when the lease's token
/// is no longer the current one, so a paused leader that lost its lease cannot write after the fact.
/// </summary>
public sealed class WriterFence
{
    public Lease? Lease { get; set; }
}
