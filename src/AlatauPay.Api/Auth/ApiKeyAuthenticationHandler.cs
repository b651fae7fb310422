using System.Security.Claims;
using System.Text.Encodings.Web;
using AlatauPay.Api.Errors;
using AlatauPay.Application.Access;
using AlatauPay.Application.ApiKeys;
using AlatauPay.Application.Ports;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AlatauPay.Api.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> before anything reads the request body: the
/// bootstrap admin key from configuration, or a scoped key looked up by the SHA-256 of its secret. Both
/// are compared in constant time over digests, so neither content nor length leaks through timing.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<AuthOptions> auth) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "key_id";
    public const string ScopeClaim = "scope";
    public const string DepartmentClaim = "department";
    public const string BootstrapKeyId = "bootstrap";

    private readonly byte[]? bootstrapDigest = string.IsNullOrWhiteSpace(auth.Value.BootstrapKey)
        ? null
        : ApiKeyComparison.Digest(auth.Value.BootstrapKey);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        const string bearer = "Bearer ";
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = header[bearer.Length..].Trim();
        var digest = ApiKeyComparison.Digest(presented);
        if (bootstrapDigest is not null && presented.Length > 0 && ApiKeyComparison.Matches(bootstrapDigest, digest))
        {
            return Admit(BootstrapKeyId, [Scopes.Admin], null);
        }

        if (ApiKeySecret.LooksLikeOne(presented))
        {
            var hash = Convert.ToHexStringLower(digest);
            var key = await Context.RequestServices.GetRequiredService<IApiKeyStore>().FindByHashAsync(hash, Context.RequestAborted);
            if (key is { RevokedAt: null } && ApiKeyComparison.MatchesStored(key.SecretHash, digest))
            {
                return Admit(key.Id, key.Scopes, key.Departments);
            }
        }

        return AuthenticateResult.Fail("The API key is not valid.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await ProblemCodes.WriteAsync(Context, ProblemCodes.Create(
            StatusCodes.Status401Unauthorized, "unauthorized", "A valid API key is required.", "Send it as 'Authorization: Bearer <key>'."));
    }

    private AuthenticateResult Admit(string keyId, IReadOnlyList<string> scopes, IReadOnlyList<string>? departments)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, keyId), new(KeyIdClaim, keyId) };
        claims.AddRange(scopes.Select(s => new Claim(ScopeClaim, s)));
        claims.AddRange((departments ?? []).Select(d => new Claim(DepartmentClaim, d)));
        Context.RequestServices.GetRequiredService<Caller>().Become(keyId, departments);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
