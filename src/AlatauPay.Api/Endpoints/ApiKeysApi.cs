using AlatauPay.Api.Auth;
using AlatauPay.Application.Access;
using AlatauPay.Application.ApiKeys;
using AlatauPay.Application.ApiKeys.Create;
using AlatauPay.Application.ApiKeys.List;
using AlatauPay.Application.ApiKeys.Revoke;
using AlatauPay.Application.Common;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlatauPay.Api.Endpoints;

public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder v1)
    {
        var keys = v1.MapGroup("/api-keys").WithTags("API keys").RequireScope(Scopes.Admin);
        keys.MapPost("/", CreateAsync).WithName("CreateApiKey").ProducesProblem(400);
        keys.MapGet("/", ListAsync).WithName("ListApiKeys").ProducesProblem(400);
        keys.MapDelete("/{id}", RevokeAsync).WithName("RevokeApiKey").ProducesProblem(404);
        return v1;
    }

    private static async Task<Created<CreatedApiKeyView>> CreateAsync(CreateApiKeyCommand command, IMediator mediator, CancellationToken cancellationToken)
    {
        var key = await mediator.Send(command, cancellationToken);
        return TypedResults.Created($"/v1/api-keys/{key.Id}", key);
    }

    private static async Task<Ok<PageView<ApiKeyView>>> ListAsync(
        IMediator mediator, CancellationToken cancellationToken, string? limit = null, string? startingAfter = null) =>
        TypedResults.Ok(await mediator.Send(new ListApiKeysQuery(limit, startingAfter), cancellationToken));

    private static async Task<Ok<ApiKeyView>> RevokeAsync(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new RevokeApiKeyCommand(id), cancellationToken));
}
