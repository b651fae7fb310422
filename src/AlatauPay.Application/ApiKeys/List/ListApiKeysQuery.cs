using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using FluentValidation;
using Mediator;

namespace AlatauPay.Application.ApiKeys.List;

public sealed record ListApiKeysQuery(string? Limit, string? StartingAfter) : IQuery<PageView<ApiKeyView>>;

public sealed class ListApiKeysValidator : AbstractValidator<ListApiKeysQuery>
{
    public ListApiKeysValidator() => RuleFor(q => q.Limit).MustBeAPageLimit();
}

public sealed class ListApiKeysHandler(IApiKeyStore keys) : IQueryHandler<ListApiKeysQuery, PageView<ApiKeyView>>
{
    public async ValueTask<PageView<ApiKeyView>> Handle(ListApiKeysQuery query, CancellationToken cancellationToken)
    {
        var limit = PageLimit.Parse(query.Limit);
        if (query.StartingAfter is not null && await keys.FindAsync(query.StartingAfter, cancellationToken) is null)
        {
            throw new RequestInvalidException("startingAfter", "cursor-not-found", $"There is no API key '{query.StartingAfter}' to start after.");
        }

        var rows = await keys.ListAsync(limit + 1, query.StartingAfter, cancellationToken);
        return Paging.FromOverfetch<ApiKeyView>([.. rows.Select(ApiKeyView.From)], limit);
    }
}
