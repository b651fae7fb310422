namespace AlatauPay.Application.Leases;

/// <summary><c>AlatauPay:Leases</c>: how long a singleton job's lease lasts without renewal.</summary>
public sealed class LeaseOptions
{
    public const string Section = "AlatauPay:Leases";

    /// <summary>
    /// How long another instance waits for a holder that stopped renewing (it died, or paused) before it takes
    /// the job over. Holders renew on every pass, so this must exceed a pass's usual length.
    /// </summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(15);
}
