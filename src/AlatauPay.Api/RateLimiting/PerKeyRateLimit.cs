using System.Globalization;
using System.Threading.RateLimiting;
using AlatauPay.Api.Auth;
using AlatauPay.Api.Errors;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AlatauPay.Api.RateLimiting;

/// <summary><c>AlatauPay:RateLimit</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "AlatauPay:RateLimit";

    /// <summary>Requests each API key may make per minute.</summary>
    public int PermitsPerMinute { get; set; } = 6000;
}

/// <summary>A fixed one-minute window per API key; a refused request gets 429, <c>Retry-After</c> and a problem document.</summary>
internal static class PerKeyRateLimit
{
    public const string Policy = "per-key";

    public static void AddPerKeyRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, http =>
            {
                var permits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.PermitsPerMinute;
                var key = http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value ?? "anonymous";
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = WriteRejectionAsync;
        });
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ProblemCodes.WriteAsync(http, ProblemCodes.Create(
            StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests for this API key.", $"Retry after {seconds} s."));
    }
}
