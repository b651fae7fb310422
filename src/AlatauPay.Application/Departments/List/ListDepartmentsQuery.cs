using AlatauPay.Application.Access;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Departments;
using FluentValidation;
using Mediator;

namespace AlatauPay.Application.Departments.List;

public sealed record ListDepartmentsQuery(string? Limit, string? StartingAfter) : IQuery<PageView<DepartmentView>>;

public sealed class ListDepartmentsValidator : AbstractValidator<ListDepartmentsQuery>
{
    public ListDepartmentsValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(q => q.Limit).MustBeAPageLimit();
        RuleFor(q => q.StartingAfter).Must(s => s is null || Slug.IsValid(s))
            .WithErrorCode("cursor-invalid").WithMessage("startingAfter is a department code.");
    }
}

public sealed class ListDepartmentsHandler(IDepartmentRepository departments, Caller caller)
    : IQueryHandler<ListDepartmentsQuery, PageView<DepartmentView>>
{
    public async ValueTask<PageView<DepartmentView>> Handle(ListDepartmentsQuery query, CancellationToken cancellationToken)
    {
        var limit = PageLimit.Parse(query.Limit);
        DepartmentCode? after = query.StartingAfter is null ? null : new DepartmentCode(query.StartingAfter);
        var rows = await departments.ListAsync(limit + 1, after, cancellationToken, caller.Departments);
        return Paging.FromOverfetch<DepartmentView>([.. rows.Select(DepartmentView.From)], limit);
    }
}
