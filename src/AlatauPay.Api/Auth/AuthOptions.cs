namespace AlatauPay.Api.Auth;

/// <summary><c>AlatauPay:Auth</c>. Scoped keys arrive with the merchant-integration issue; until then one admin key.</summary>
public sealed class AuthOptions
{
    public const string Section = "AlatauPay:Auth";

    /// <summary>
    /// The admin key every <c>/v1</c> call presents as <c>Authorization: Bearer &lt;key&gt;</c>. Unset, every
    /// <c>/v1</c> call is refused: there is no open default.
    /// </summary>
    public string? BootstrapKey { get; set; }
}
