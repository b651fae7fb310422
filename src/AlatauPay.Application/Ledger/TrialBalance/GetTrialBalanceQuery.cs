using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using FluentValidation;
using Mediator;

namespace AlatauPay.Application.Ledger.TrialBalance;

/// <summary>Every account's turnover and balance per currency as of a time, with per-currency totals that must agree.</summary>
public sealed record GetTrialBalanceQuery(string? AsOf, string? Basis) : IQuery<TrialBalanceView>;

public sealed class GetTrialBalanceValidator : AbstractValidator<GetTrialBalanceQuery>
{
    public GetTrialBalanceValidator(TimeProvider clock)
    {
        RuleFor(q => q.AsOf).Cascade(CascadeMode.Stop).MustBeATime("as-of").MustNotBeInTheFuture(clock).OverridePropertyName("asOf");
        RuleFor(q => q.Basis).MustBeABasis();
    }
}

public sealed class GetTrialBalanceHandler(ILedgerReader ledger, TimeProvider clock) : IQueryHandler<GetTrialBalanceQuery, TrialBalanceView>
{
    public async ValueTask<TrialBalanceView> Handle(GetTrialBalanceQuery query, CancellationToken cancellationToken)
    {
        var asOf = LedgerParameters.ParseTimeOrNull(query.AsOf) ?? clock.GetUtcNow();
        var basis = LedgerParameters.Basis(query.Basis);
        var sums = new BalanceSheetMath();
        await sums.AddAllAsync(ledger.PostingsAsOfAsync(null, asOf, basis, cancellationToken), cancellationToken);

        var lines = sums.Lines.ToList();
        var totals = lines
            .GroupBy(l => l.Currency)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var currency = Currency.Parse(g.Key);
                var debits = g.Aggregate(Money.Zero(currency), (sum, l) => sum + l.Debits);
                var credits = g.Aggregate(Money.Zero(currency), (sum, l) => sum + l.Credits);
                return new TrialBalanceTotalView(g.Key, BalanceSheetMath.Text(debits), BalanceSheetMath.Text(credits), debits == credits);
            })
            .ToList();
        var accounts = lines
            .Select(l => new TrialBalanceLineView(
                l.Account, l.Currency, BalanceSheetMath.Text(l.Debits), BalanceSheetMath.Text(l.Credits), BalanceSheetMath.Text(l.Debits - l.Credits)))
            .ToList();
        return new TrialBalanceView(asOf, basis.Name(), accounts, totals, totals.All(t => t.Balanced));
    }
}
