using AlatauPay.Api.Auth;
using AlatauPay.Application.Access;
using AlatauPay.Application.Common;
using AlatauPay.Application.Departments;
using AlatauPay.Application.Departments.Create;
using AlatauPay.Application.Departments.Get;
using AlatauPay.Application.Departments.List;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlatauPay.Api.Endpoints;

public static class DepartmentsApi
{
    public static RouteGroupBuilder MapDepartmentsApi(this RouteGroupBuilder v1)
    {
        var departments = v1.MapGroup("/departments").WithTags("Departments").RequireScope(Scopes.DepartmentsManage);
        departments.MapPost("/", CreateAsync).WithName("CreateDepartment").ProducesProblem(400).ProducesProblem(409);
        departments.MapGet("/", ListAsync).WithName("ListDepartments").ProducesProblem(400);
        departments.MapGet("/{code}", GetAsync).WithName("GetDepartment").ProducesProblem(404);
        return v1;
    }

    private static async Task<Created<DepartmentView>> CreateAsync(CreateDepartmentCommand command, IMediator mediator, CancellationToken cancellationToken)
    {
        var department = await mediator.Send(command, cancellationToken);
        return TypedResults.Created($"/v1/departments/{department.Code}", department);
    }

    private static async Task<Ok<PageView<DepartmentView>>> ListAsync(
        IMediator mediator, CancellationToken cancellationToken, string? limit = null, string? startingAfter = null) =>
        TypedResults.Ok(await mediator.Send(new ListDepartmentsQuery(limit, startingAfter), cancellationToken));

    private static async Task<Ok<DepartmentView>> GetAsync(string code, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetDepartmentQuery(code), cancellationToken));
}
