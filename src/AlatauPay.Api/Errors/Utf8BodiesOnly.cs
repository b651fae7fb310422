using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace AlatauPay.Api.Errors;

/// <summary>
/// JSON between systems is UTF-8 (RFC 8259 §8.1). A body declared in another charset is refused with 415
/// here, before the framework tries to transcode it and fails on a charset it does not know.
/// </summary>
public static class Utf8BodiesOnly
{
    public static IApplicationBuilder UseUtf8BodiesOnly(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (DeclaresOtherCharset(context.Request.ContentType))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "The request body's charset is not supported.",
                Detail = "Send JSON bodies as UTF-8: 'Content-Type: application/json' or 'application/json; charset=utf-8'.",
                Type = ProblemCodes.TypeFor("charset-unsupported"),
            };
            problem.Extensions["code"] = "charset-unsupported";
            await context.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
            return;
        }

        await next(context);
    });

    public static bool DeclaresOtherCharset(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var charset = HeaderUtilities.RemoveQuotes(media.Charset);
        return charset.HasValue
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }
}
