using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using AlatauPay.Domain.Ledger;
using FluentValidation;
using Mediator;

namespace AlatauPay.Application.Ledger.Entries;

/// <summary>The journal in posting order, filtered by account, invoice and time range; cursor-paginated by entry id.</summary>
public sealed record ListLedgerEntriesQuery(
    string? Account, string? Invoice, string? From, string? To, string? Basis, string? Limit, string? StartingAfter)
    : IQuery<PageView<LedgerEntryView>>;

public sealed class ListLedgerEntriesValidator : AbstractValidator<ListLedgerEntriesQuery>
{
    public ListLedgerEntriesValidator()
    {
        RuleFor(q => q.Limit).MustBeAPageLimit();
        RuleFor(q => q.Account).Must(a => a is null || LedgerAccounts.IsValid(a))
            .WithErrorCode("account-invalid").WithMessage("account is a ledger account name, such as revenue:water:cold-water.");
        RuleFor(q => q.Invoice).Must(i => i is null || InvoiceId.TryParse(i, out _))
            .WithErrorCode("invoice-id-invalid").WithMessage("invoice is an invoice id.");
        RuleFor(q => q.From).MustBeATime("from");
        RuleFor(q => q.To).MustBeATime("to");
        RuleFor(q => q.Basis).MustBeABasis();
        RuleFor(q => q).Must(q => !(LedgerParameters.TryParseTime(q.From, out var from) && LedgerParameters.TryParseTime(q.To, out var to) && from > to))
            .WithErrorCode("time-range-invalid").WithMessage("from is after to.").OverridePropertyName("from");
        RuleFor(q => q.StartingAfter).Must(s => s is null || LedgerParameters.TryParseCount(s, out _))
            .WithErrorCode("cursor-invalid").WithMessage("startingAfter is the id of an entry from a previous page.");
    }
}

public sealed class ListLedgerEntriesHandler(ILedgerReader ledger) : IQueryHandler<ListLedgerEntriesQuery, PageView<LedgerEntryView>>
{
    public async ValueTask<PageView<LedgerEntryView>> Handle(ListLedgerEntriesQuery query, CancellationToken cancellationToken)
    {
        long? after = null;
        if (LedgerParameters.TryParseCount(query.StartingAfter, out var cursor))
        {
            after = await ledger.FindAsync(cursor, cancellationToken) is null
                ? throw new RequestInvalidException("startingAfter", "cursor-not-found", $"There is no entry {cursor} to start after.")
                : cursor;
        }

        var basis = LedgerParameters.Basis(query.Basis);
        var filter = new LedgerEntryFilter(
            query.Account, query.Invoice, LedgerParameters.ParseTimeOrNull(query.From), LedgerParameters.ParseTimeOrNull(query.To), basis);
        var limit = PageLimit.Parse(query.Limit);
        var rows = await ledger.ListAsync(filter, limit + 1, after, cancellationToken);
        return Paging.FromOverfetch<LedgerEntryView>([.. rows.Select(LedgerEntryView.From)], limit);
    }
}

public sealed record GetLedgerEntryQuery(string Id) : IQuery<LedgerEntryView>;

public sealed class GetLedgerEntryHandler(ILedgerReader ledger) : IQueryHandler<GetLedgerEntryQuery, LedgerEntryView>
{
    public async ValueTask<LedgerEntryView> Handle(GetLedgerEntryQuery query, CancellationToken cancellationToken) =>
        LedgerEntryView.From(await ledger.FindExistingAsync(query.Id, cancellationToken));
}

public static class LedgerEntryLookup
{
    /// <summary>The entry with this id, or a 404 naming it; an id that is not a number is simply not found.</summary>
    public static async Task<LedgerRecord> FindExistingAsync(this ILedgerReader ledger, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var entry = LedgerParameters.TryParseCount(id, out var parsed) ? await ledger.FindAsync(parsed, cancellationToken) : null;
        return entry ?? throw new ResourceNotFoundException("entry-not-found", $"There is no ledger entry '{id}'.");
    }
}
