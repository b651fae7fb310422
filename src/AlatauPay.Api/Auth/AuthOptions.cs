namespace AlatauPay.Api.Auth;

/// <summary><c>AlatauPay:Auth</c>: the bootstrap admin key; scoped keys are created with it through <c>/v1/api-keys</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "AlatauPay:Auth";

    /// <summary>
    /// The admin key every <c>/v1</c> call may present as <c>Authorization: Bearer &lt;key&gt;</c>. Unset, only
    /// scoped keys are admitted, and with none created every <c>/v1</c> call is refused: there is no open default.
    /// </summary>
    public string? BootstrapKey { get; set; }
}
