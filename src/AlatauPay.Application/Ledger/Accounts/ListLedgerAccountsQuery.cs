using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger;
using FluentValidation;
using Mediator;

namespace AlatauPay.Application.Ledger.Accounts;

/// <summary>The chart of accounts as the ledger has used it: every account with a posting, by name.</summary>
public sealed record ListLedgerAccountsQuery(string? Limit, string? StartingAfter) : IQuery<PageView<LedgerAccountView>>;

public sealed class ListLedgerAccountsValidator : AbstractValidator<ListLedgerAccountsQuery>
{
    public ListLedgerAccountsValidator()
    {
        RuleFor(q => q.Limit).MustBeAPageLimit();
        RuleFor(q => q.StartingAfter).Must(s => s is null || LedgerAccounts.IsValid(s))
            .WithErrorCode("cursor-invalid").WithMessage("startingAfter is the name of an account from a previous page.");
    }
}

public sealed class ListLedgerAccountsHandler(ILedgerReader ledger) : IQueryHandler<ListLedgerAccountsQuery, PageView<LedgerAccountView>>
{
    public async ValueTask<PageView<LedgerAccountView>> Handle(ListLedgerAccountsQuery query, CancellationToken cancellationToken)
    {
        if (query.StartingAfter is not null && !await ledger.AccountExistsAsync(query.StartingAfter, cancellationToken))
        {
            throw new RequestInvalidException("startingAfter", "cursor-not-found", $"There is no account '{query.StartingAfter}' to start after.");
        }

        var limit = PageLimit.Parse(query.Limit);
        var rows = await ledger.ListAccountsAsync(limit + 1, query.StartingAfter, cancellationToken);
        return Paging.FromOverfetch<LedgerAccountView>(
            [.. rows.Select(r => new LedgerAccountView(r.Account, r.Account.Split(':')[0], r.Currencies, r.Postings))], limit);
    }
}
