using AlatauPay.Api.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace AlatauPay.Api.Auth;

/// <summary>Answers a key that lacks an endpoint's scope with a 403 problem document naming the scope.</summary>
public sealed class ScopeProblemResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var missing = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<ScopeRequirement>().FirstOrDefault();
        if (!authorizeResult.Forbidden || missing is null)
        {
            await fallback.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "The API key lacks the scope this endpoint requires.",
            Detail = $"This endpoint requires the scope '{missing.Scope}'.",
            Type = ProblemCodes.TypeFor("insufficient-scope"),
        };
        problem.Extensions["code"] = "insufficient-scope";
        problem.Extensions["requiredScope"] = missing.Scope;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
