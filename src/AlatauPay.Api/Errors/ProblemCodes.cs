using Microsoft.AspNetCore.Http.Features;

namespace AlatauPay.Api.Errors;

/// <summary>
/// Every problem document carries a stable <c>code</c> and a <c>type</c> URI built from it. Responses the
/// framework produces itself (unknown route, wrong method) get a code from their status.
/// </summary>
public static class ProblemCodes
{
    public static string TypeFor(string code) => $"urn:alataupay:problem:{code}";

    public static void AddDefaultCode(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        if (!problem.Extensions.ContainsKey("code"))
        {
            var code = problem.Status switch
            {
                StatusCodes.Status400BadRequest => "bad-request",
                StatusCodes.Status401Unauthorized => "unauthorized",
                StatusCodes.Status404NotFound => "not-found",
                StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
                StatusCodes.Status413PayloadTooLarge => "body-too-large",
                StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
                _ => "error",
            };
            problem.Extensions["code"] = code;
            problem.Type = TypeFor(code);
        }

        problem.Instance ??= context.HttpContext.Request.Path;
        var traceId = context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity.Id ?? context.HttpContext.TraceIdentifier;
        problem.Extensions.TryAdd("traceId", traceId);
    }
}
