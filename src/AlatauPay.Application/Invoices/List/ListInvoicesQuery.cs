using AlatauPay.Application.Access;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Departments;
using AlatauPay.Domain.Invoices;
using FluentValidation;
using Mediator;

namespace AlatauPay.Application.Invoices.List;

public sealed record ListInvoicesQuery(string? Department, string? Status, string? Limit, string? StartingAfter)
    : IQuery<PageView<InvoiceView>>;

public sealed class ListInvoicesValidator : AbstractValidator<ListInvoicesQuery>
{
    public ListInvoicesValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(q => q.Limit).MustBeAPageLimit();
        RuleFor(q => q.Department).Must(d => d is null || Slug.IsValid(d))
            .WithErrorCode("department-code-invalid").WithMessage("department is a department code.");
        RuleFor(q => q.Status).Must(s => s is null || InvoiceVocabulary.TryParseStatus(s, out _))
            .WithErrorCode("status-invalid")
            .WithMessage("status is one of: new, processing, settled, expired, invalid, cancelled.");
        RuleFor(q => q.StartingAfter).Must(s => s is null || InvoiceId.TryParse(s, out _))
            .WithErrorCode("cursor-invalid").WithMessage("startingAfter is the id of an invoice from a previous page.");
    }
}

public sealed class ListInvoicesHandler(IInvoiceRepository invoices, Caller caller) : IQueryHandler<ListInvoicesQuery, PageView<InvoiceView>>
{
    public async ValueTask<PageView<InvoiceView>> Handle(ListInvoicesQuery query, CancellationToken cancellationToken)
    {
        if (query.Department is not null)
        {
            caller.EnsureMayAccess(query.Department, "department");
        }

        var limit = PageLimit.Parse(query.Limit);
        InvoiceId? after = null;
        if (query.StartingAfter is not null)
        {
            if (!InvoiceId.TryParse(query.StartingAfter, out var cursor)
                || await invoices.FindAsync(cursor, cancellationToken) is not { } start || !caller.MayAccess(start.Department.Value))
            {
                throw new RequestInvalidException("startingAfter", "cursor-not-found", $"There is no invoice '{query.StartingAfter}' to start after.");
            }

            after = cursor;
        }

        InvoiceStatus? status = InvoiceVocabulary.TryParseStatus(query.Status, out var parsed) ? parsed : null;
        DepartmentCode? department = query.Department is null ? null : new DepartmentCode(query.Department);
        var rows = await invoices.ListAsync(new InvoiceFilter(department, status, caller.Departments), limit + 1, after, cancellationToken);
        return Paging.FromOverfetch<InvoiceView>([.. rows.Select(InvoiceView.From)], limit);
    }
}
