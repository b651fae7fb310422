using AlatauPay.Api.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace AlatauPay.Api.Auth;

/// <summary>Answers a key that lacks an endpoint's scope with a 403 problem document naming the scope.</summary>
public sealed class ScopeProblemResultHandler : IAuthorizationMiddlewareResultHandler
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

        var problem = ProblemCodes.Create(
            StatusCodes.Status403Forbidden,
            "insufficient-scope",
            "The API key lacks the scope this endpoint requires.",
            $"This endpoint requires the scope '{missing.Scope}'.");
        problem.Extensions["requiredScope"] = missing.Scope;
        await ProblemCodes.WriteAsync(context, problem);
    }
}
