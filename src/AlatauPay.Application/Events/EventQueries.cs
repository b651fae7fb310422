using System.Text.Json;
using AlatauPay.Application.Access;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Application.Webhooks;
using FluentValidation;
using Mediator;

namespace AlatauPay.Application.Events;

/// <summary>Events as webhooks deliver them, newest first: for receivers catching up after downtime.</summary>
public sealed record ListEventsQuery(string? Type, string? Limit, string? StartingAfter) : IQuery<PageView<JsonElement>>;

public sealed record GetEventQuery(string Id) : IQuery<JsonElement>;

public sealed class ListEventsValidator : AbstractValidator<ListEventsQuery>
{
    public ListEventsValidator()
    {
        RuleFor(q => q.Limit).MustBeAPageLimit();
        RuleFor(q => q.Type).Must(t => t is null || WebhookEventTypes.IsKnown(t)).WithErrorCode("event-type-unknown")
            .WithMessage($"type is one of: {string.Join(", ", WebhookEventTypes.All)}.");
    }
}

public sealed class EventHandlers(IEventLog events, Caller caller) :
    IQueryHandler<ListEventsQuery, PageView<JsonElement>>,
    IQueryHandler<GetEventQuery, JsonElement>
{
    public async ValueTask<PageView<JsonElement>> Handle(ListEventsQuery query, CancellationToken cancellationToken)
    {
        var limit = PageLimit.Parse(query.Limit);
        if (query.StartingAfter is not null && !Visible(await events.FindAsync(query.StartingAfter, cancellationToken)))
        {
            throw new RequestInvalidException("startingAfter", "cursor-not-found", $"There is no event '{query.StartingAfter}' to start after.");
        }

        var rows = await events.ListAsync(limit + 1, query.StartingAfter, query.Type, caller.Departments, cancellationToken);
        return Paging.FromOverfetch<JsonElement>([.. rows.Select(Parse)], limit);
    }

    public async ValueTask<JsonElement> Handle(GetEventQuery query, CancellationToken cancellationToken)
    {
        var found = await events.FindAsync(query.Id, cancellationToken);
        return Visible(found) ? Parse(found!) : throw new ResourceNotFoundException("event-not-found", $"There is no event '{query.Id}'.");
    }

    private bool Visible(StoredEvent? stored) =>
        stored is not null && (caller.Departments is null || (stored.Department is { } department && caller.MayAccess(department)));

    private static JsonElement Parse(StoredEvent stored) => JsonDocument.Parse(stored.Payload).RootElement.Clone();
}
