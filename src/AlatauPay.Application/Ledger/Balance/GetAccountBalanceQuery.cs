using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using FluentValidation;
using Mediator;

namespace AlatauPay.Application.Ledger.Balance;

/// <summary>An account's balance per currency as of a time (now by default), by effective or recorded time.</summary>
public sealed record GetAccountBalanceQuery(string Account, string? AsOf, string? Basis) : IQuery<AccountBalanceView>;

public sealed class GetAccountBalanceValidator : AbstractValidator<GetAccountBalanceQuery>
{
    public GetAccountBalanceValidator(TimeProvider clock)
    {
        RuleFor(q => q.AsOf).Cascade(CascadeMode.Stop).MustBeATime("as-of").MustNotBeInTheFuture(clock).OverridePropertyName("asOf");
        RuleFor(q => q.Basis).MustBeABasis();
    }
}

public sealed class GetAccountBalanceHandler(ILedgerReader ledger, TimeProvider clock) : IQueryHandler<GetAccountBalanceQuery, AccountBalanceView>
{
    public async ValueTask<AccountBalanceView> Handle(GetAccountBalanceQuery query, CancellationToken cancellationToken)
    {
        if (!await ledger.AccountExistsAsync(query.Account, cancellationToken))
        {
            throw new ResourceNotFoundException("account-not-found", $"No entry has ever posted to '{query.Account}'.");
        }

        var asOf = LedgerParameters.ParseTimeOrNull(query.AsOf) ?? clock.GetUtcNow();
        var basis = LedgerParameters.Basis(query.Basis);
        var sums = new BalanceSheetMath();
        await sums.AddAllAsync(ledger.PostingsAsOfAsync(query.Account, asOf, basis, cancellationToken), cancellationToken);
        var balances = sums.Lines
            .Select(l => new CurrencyBalanceView(l.Currency, BalanceSheetMath.Text(l.Debits), BalanceSheetMath.Text(l.Credits), BalanceSheetMath.Text(l.Debits - l.Credits)))
            .ToList();
        return new AccountBalanceView(query.Account, asOf, basis.Name(), balances);
    }
}
