using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace AlatauPay.Api.Errors;

/// <summary>
/// JSON between systems is UTF-8 (RFC 8259 §8.1). A body declared in another charset is refused with 415
/// here, before the framework tries to transcode it and fails on a charset it does not know. UTF-8 under any
/// spelling a client may send (<c>utf8</c>, quoted) is written back as <c>charset=utf-8</c>, the one the
/// framework's reader knows.
/// </summary>
public static class Utf8BodiesOnly
{
    public static IApplicationBuilder UseUtf8BodiesOnly(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var contentType = context.Request.ContentType;
        if (!string.IsNullOrEmpty(contentType) && MediaTypeHeaderValue.TryParse(contentType, out var media) && media.Charset.HasValue)
        {
            if (!IsUtf8(HeaderUtilities.RemoveQuotes(media.Charset)))
            {
                await RefuseAsync(context);
                return;
            }

            if (!media.Charset.Equals("utf-8", StringComparison.Ordinal))
            {
                media.Charset = "utf-8";
                context.Request.ContentType = media.ToString();
            }
        }

        await next(context);
    });

    private static Task RefuseAsync(HttpContext context) => ProblemCodes.WriteAsync(context, ProblemCodes.Create(
        StatusCodes.Status415UnsupportedMediaType,
        "charset-unsupported",
        "The request body's charset is not supported.",
        "Send JSON bodies as UTF-8: 'Content-Type: application/json' or 'application/json; charset=utf-8'."));

    private static bool IsUtf8(StringSegment charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
}
