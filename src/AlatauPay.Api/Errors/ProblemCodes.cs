using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace AlatauPay.Api.Errors;

/// <summary>
/// Every problem document carries a stable <c>code</c> and a <c>type</c> URI built from it. Responses the
/// framework produces itself (unknown route, wrong method) get a code from their status.
/// </summary>
public static class ProblemCodes
{
    public static string TypeFor(string code) => $"urn:alataupay:problem:{code}";

    /// <summary>A problem document with its status, its stable <c>code</c> and the <c>type</c> built from it.</summary>
    public static ProblemDetails Create(int status, string code, string title, string? detail)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = TypeFor(code) };
        problem.Extensions["code"] = code;
        return problem;
    }

    /// <summary>Answers the request with <paramref name="problem"/>, through the gateway's problem details service.</summary>
    public static async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(problem);
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

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
