using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using AlatauPay.Api.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AlatauPay.Api.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> before anything reads the request body. Keys are
/// compared in constant time over SHA-256 digests, so neither content nor length leaks through timing.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<AuthOptions> auth,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    private readonly byte[]? bootstrapDigest = string.IsNullOrWhiteSpace(auth.Value.BootstrapKey)
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(auth.Value.BootstrapKey));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        const string bearer = "Bearer ";
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = header[bearer.Length..].Trim();
        if (bootstrapDigest is null || presented.Length == 0
            || !CryptographicOperations.FixedTimeEquals(bootstrapDigest, SHA256.HashData(Encoding.UTF8.GetBytes(presented))))
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "bootstrap"), new Claim("scope", "admin")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = "A valid API key is required.",
            Detail = "Send it as 'Authorization: Bearer <key>'.",
            Type = ProblemCodes.TypeFor("unauthorized"),
        };
        problem.Extensions["code"] = "unauthorized";
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem });
    }
}
