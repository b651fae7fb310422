using AlatauPay.Application.Access;
using Microsoft.AspNetCore.Authorization;

namespace AlatauPay.Api.Auth;

/// <summary>An endpoint's declared scope; the key must hold it or <c>admin</c>.</summary>
public sealed class ScopeRequirement(string scope) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    public string Scope { get; } = scope;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (Scopes.Grants(context.User.FindAll(ApiKeyAuthenticationHandler.ScopeClaim).Select(c => c.Value), requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Endpoint metadata naming the scope, read by the scope matrix test and the OpenAPI document.</summary>
public sealed record RequiredScope(string Scope);

public static class ScopeAuthorization
{
    public static string PolicyFor(string scope) => $"scope:{scope}";

    public static void AddScopePolicies(this AuthorizationOptions options)
    {
        foreach (var scope in Scopes.All)
        {
            options.AddPolicy(PolicyFor(scope), policy => policy.AddRequirements(new ScopeRequirement(scope)));
        }
    }

    /// <summary>Declares the scope an endpoint needs; every <c>/v1</c> endpoint calls this once.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PolicyFor(scope)).WithMetadata(new RequiredScope(scope));
}
