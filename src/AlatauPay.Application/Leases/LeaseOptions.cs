namespace AlatauPay.Application.Leases;

/// <summary><c>AlatauPay:Leases</c>: how long a singleton job's lease lasts without renewal.</summary>
public sealed class LeaseOptions
{
    public const string Section = "AlatauPay:Leases";

    /// <summary>
    /// How long another instance waits for a holder that stopped renewing (it died, or paused) before it takes
    /// the job over. Holders renew a third of the way through, beside their work, so a pass may run longer than
    /// this; it must exceed the lease store's usual answer time, or a slow store costs the holder its lease.
    /// </summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(15);
}
