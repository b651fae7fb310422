namespace AlatauPay.Application.Webhooks;

/// <summary><c>AlatauPay:Webhooks</c>: how the dispatcher delivers and retries. Tests shorten the times.</summary>
public sealed class WebhookOptions
{
    public const string Section = "AlatauPay:Webhooks";

    /// <summary>The wait after the first failed attempt; each further failure doubles it, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(5);

    /// <summary>An endpoint failing without a single success for this long is disabled.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How long a receiver has to answer one attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the dispatcher looks for due retries when nothing wakes it sooner.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After a rotation, how long the previous secret still signs beside the new one.</summary>
    public TimeSpan RotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Whether receivers may be on loopback, link-local or private addresses. Off by default, so that a key allowed
    /// to register webhooks cannot make the gateway call its own host, a cloud metadata service or the operator's
    /// private networks (see <see cref="ReceiverAddresses"/>); on for a deployment whose receivers live inside its
    /// own network, for the devnet, and for tests whose receivers listen on loopback.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>At most this many attempts in flight at once, one per endpoint.</summary>
    public int MaxConcurrency { get; set; } = 16;
}
