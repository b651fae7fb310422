namespace AlatauPay.Api;

/// <summary><c>AlatauPay</c>: settings of the host itself.</summary>
public sealed class GatewayOptions
{
    public const string Section = "AlatauPay";

    /// <summary>The address residents reach the gateway at, for checkout links; defaults to the request's own.</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>How often open invoices are checked for expiry.</summary>
    public TimeSpan ExpiryScanInterval { get; set; } = TimeSpan.FromSeconds(5);
}
