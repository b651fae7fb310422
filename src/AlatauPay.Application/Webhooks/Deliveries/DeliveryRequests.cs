using AlatauPay.Application.Access;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using FluentValidation;
using Mediator;

namespace AlatauPay.Application.Webhooks.Deliveries;

public sealed record ListDeliveriesQuery(string WebhookId, string? Limit, string? StartingAfter) : IQuery<PageView<DeliveryView>>;

/// <summary>Sends a delivery's event to its endpoint once more, with the same event id, behind what the endpoint still owes.</summary>
public sealed record RedeliverCommand(string WebhookId, string DeliveryId) : ICommand<DeliveryView>;

public sealed class ListDeliveriesValidator : AbstractValidator<ListDeliveriesQuery>
{
    public ListDeliveriesValidator() => RuleFor(q => q.Limit).MustBeAPageLimit();
}

public sealed class DeliveryHandlers(IWebhookStore store, Caller caller, TimeProvider clock) :
    IQueryHandler<ListDeliveriesQuery, PageView<DeliveryView>>,
    ICommandHandler<RedeliverCommand, DeliveryView>
{
    public async ValueTask<PageView<DeliveryView>> Handle(ListDeliveriesQuery query, CancellationToken cancellationToken)
    {
        var endpoint = await store.FindVisibleAsync(query.WebhookId, caller, cancellationToken);
        var limit = PageLimit.Parse(query.Limit);
        if (query.StartingAfter is not null && await store.FindDeliveryAsync(endpoint.Id, query.StartingAfter, cancellationToken) is null)
        {
            throw new RequestInvalidException("startingAfter", "cursor-not-found", $"There is no delivery '{query.StartingAfter}' to start after.");
        }

        var rows = await store.ListDeliveriesAsync(endpoint.Id, limit + 1, query.StartingAfter, cancellationToken);
        return Paging.FromOverfetch<DeliveryView>([.. rows.Select(DeliveryView.From)], limit);
    }

    public async ValueTask<DeliveryView> Handle(RedeliverCommand command, CancellationToken cancellationToken)
    {
        var endpoint = await store.FindVisibleAsync(command.WebhookId, caller, cancellationToken);
        var original = await store.FindDeliveryAsync(endpoint.Id, command.DeliveryId, cancellationToken)
            ?? throw new ResourceNotFoundException("delivery-not-found", $"Webhook endpoint '{endpoint.Id}' has no delivery '{command.DeliveryId}'.");
        var id = await store.AddDeliveryAsync(endpoint.Id, original.EventId, clock.GetUtcNow(), cancellationToken);
        return DeliveryView.From((await store.FindDeliveryAsync(endpoint.Id, id, cancellationToken))!);
    }
}
