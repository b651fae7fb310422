using AlatauPay.Application.Access;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Departments;
using Mediator;

namespace AlatauPay.Application.Departments.Get;

public sealed record GetDepartmentQuery(string Code) : IQuery<DepartmentView>;

public sealed class GetDepartmentHandler(IDepartmentRepository departments, Caller caller) : IQueryHandler<GetDepartmentQuery, DepartmentView>
{
    public async ValueTask<DepartmentView> Handle(GetDepartmentQuery query, CancellationToken cancellationToken)
    {
        var department = Slug.IsValid(query.Code) && caller.MayAccess(query.Code)
            ? await departments.FindAsync(new DepartmentCode(query.Code), cancellationToken)
            : null;
        return department is null
            ? throw new ResourceNotFoundException("department-not-found", $"There is no department '{query.Code}'.")
            : DepartmentView.From(department);
    }
}
