using AlatauPay.Application.Access;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using FluentValidation;
using Mediator;

namespace AlatauPay.Application.Webhooks.Manage;

public sealed record GetWebhookQuery(string Id) : IQuery<WebhookView>;

public sealed record ListWebhooksQuery(string? Limit, string? StartingAfter) : IQuery<PageView<WebhookView>>;

public sealed class ListWebhooksValidator : AbstractValidator<ListWebhooksQuery>
{
    public ListWebhooksValidator() => RuleFor(q => q.Limit).MustBeAPageLimit();
}

public sealed class WebhookQueryHandlers(IWebhookStore store, Caller caller)
    : IQueryHandler<GetWebhookQuery, WebhookView>, IQueryHandler<ListWebhooksQuery, PageView<WebhookView>>
{
    public async ValueTask<WebhookView> Handle(GetWebhookQuery query, CancellationToken cancellationToken) =>
        WebhookView.From(await store.FindVisibleAsync(query.Id, caller, cancellationToken));

    public async ValueTask<PageView<WebhookView>> Handle(ListWebhooksQuery query, CancellationToken cancellationToken)
    {
        var limit = PageLimit.Parse(query.Limit);
        if (query.StartingAfter is not null
            && (await store.FindEndpointAsync(query.StartingAfter, cancellationToken) is not { } start || !caller.MaySee(start)))
        {
            throw new RequestInvalidException("startingAfter", "cursor-not-found", $"There is no webhook endpoint '{query.StartingAfter}' to start after.");
        }

        // A restricted key's filter may hide rows, so a page is read generously and cut to the limit.
        var rows = await store.ListEndpointsAsync(caller.Departments is null ? limit + 1 : Paging.MaxLimit * 10, query.StartingAfter, cancellationToken);
        return Paging.FromOverfetch<WebhookView>([.. rows.Where(caller.MaySee).Select(WebhookView.From)], limit);
    }
}
