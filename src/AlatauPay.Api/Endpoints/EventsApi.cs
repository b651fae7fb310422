using System.Text.Json;
using AlatauPay.Api.Auth;
using AlatauPay.Application.Access;
using AlatauPay.Application.Common;
using AlatauPay.Application.Events;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlatauPay.Api.Endpoints;

public static class EventsApi
{
    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder v1)
    {
        var events = v1.MapGroup("/events").WithTags("Events").RequireScope(Scopes.InvoicesRead);
        events.MapGet("/", ListAsync).WithName("ListEvents").ProducesProblem(400);
        events.MapGet("/{id}", GetAsync).WithName("GetEvent").ProducesProblem(404);
        return v1;
    }

    private static async Task<Ok<PageView<JsonElement>>> ListAsync(
        IMediator mediator, CancellationToken cancellationToken, string? type = null, string? limit = null, string? startingAfter = null) =>
        TypedResults.Ok(await mediator.Send(new ListEventsQuery(type, limit, startingAfter), cancellationToken));

    private static async Task<Ok<JsonElement>> GetAsync(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetEventQuery(id), cancellationToken));
}
