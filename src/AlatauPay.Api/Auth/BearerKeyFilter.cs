using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AlatauPay.Api.Auth;

/// <summary>
/// Admits a request only with the configured bearer key, compared in constant time over SHA-256 digests
/// so neither content nor length leaks through timing. With no key configured, nothing is admitted.
/// </summary>
public sealed partial class BearerKeyFilter : IEndpointFilter
{
    private readonly byte[]? expectedDigest;

    public BearerKeyFilter(IOptions<AuthOptions> options, ILogger<BearerKeyFilter> logger)
    {
        var key = options.Value.BootstrapKey;
        if (string.IsNullOrWhiteSpace(key))
        {
            LogNoKey(logger);
        }
        else
        {
            expectedDigest = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        }
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
        if (expectedDigest is null || string.IsNullOrEmpty(presented)
            || !CryptographicOperations.FixedTimeEquals(expectedDigest, SHA256.HashData(Encoding.UTF8.GetBytes(presented))))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "A valid API key is required.",
                detail: "Send it as 'Authorization: Bearer <key>'.",
                type: Errors.ProblemCodes.TypeFor("unauthorized"),
                extensions: new Dictionary<string, object?> { ["code"] = "unauthorized" });
        }

        return await next(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AlatauPay:Auth:BootstrapKey is not set: every /v1 request will be refused with 401.")]
    private static partial void LogNoKey(ILogger logger);
}
