namespace AlatauPay.Api.Hosting;

/// <summary>
/// Headers on every answer that is not a page for people: no content sniffing, no framing, no referrer,
/// nothing loaded or run if a browser ever renders a JSON answer, and <c>/v1</c> answers (which can carry
/// a key or a webhook secret once) never stored by a cache. The checkout (<c>/pay</c>) sets its own
/// policy for its pages, and <c>/docs</c> is the API reference's page.
/// </summary>
public static class SecurityHeaders
{
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.TryAdd("Referrer-Policy", "no-referrer");
            if (!path.StartsWithSegments("/pay") && !path.StartsWithSegments("/docs"))
            {
                headers.TryAdd("Content-Security-Policy", ApiContentSecurityPolicy);
                headers.TryAdd("X-Frame-Options", "DENY");
            }

            if (path.StartsWithSegments("/v1"))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        await next(context);
    });
}
