using AlatauPay.Api.Auth;
using AlatauPay.Application.Access;
using AlatauPay.Application.Common;
using AlatauPay.Application.Invoices;
using AlatauPay.Application.Invoices.Cancel;
using AlatauPay.Application.Invoices.Create;
using AlatauPay.Application.Invoices.Get;
using AlatauPay.Application.Invoices.List;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AlatauPay.Api.Endpoints;

public static class InvoicesApi
{
    public static RouteGroupBuilder MapInvoicesApi(this RouteGroupBuilder v1)
    {
        var invoices = v1.MapGroup("/invoices").WithTags("Invoices");
        invoices.MapPost("/", CreateAsync).RequireScope(Scopes.InvoicesWrite).WithName("CreateInvoice").ProducesProblem(400);
        invoices.MapGet("/", ListAsync).RequireScope(Scopes.InvoicesRead).WithName("ListInvoices").ProducesProblem(400);
        invoices.MapGet("/{id}", GetAsync).RequireScope(Scopes.InvoicesRead).WithName("GetInvoice").ProducesProblem(404);
        invoices.MapPost("/{id}/cancel", CancelAsync).RequireScope(Scopes.InvoicesWrite).WithName("CancelInvoice").ProducesProblem(404).ProducesProblem(409);
        return v1;
    }

    private static async Task<Created<InvoiceView>> CreateAsync(
        CreateInvoiceCommand command, IMediator mediator, HttpContext http, IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        var invoice = WithCheckoutUrl(await mediator.Send(command, cancellationToken), http, options.Value);
        return TypedResults.Created($"/v1/invoices/{invoice.Id}", invoice);
    }

    private static async Task<Ok<PageView<InvoiceView>>> ListAsync(
        IMediator mediator,
        HttpContext http,
        IOptions<GatewayOptions> options,
        CancellationToken cancellationToken,
        string? department = null,
        string? status = null,
        string? limit = null,
        string? startingAfter = null)
    {
        var page = await mediator.Send(new ListInvoicesQuery(department, status, limit, startingAfter), cancellationToken);
        return TypedResults.Ok(page with { Data = [.. page.Data.Select(i => WithCheckoutUrl(i, http, options.Value))] });
    }

    private static async Task<Ok<InvoiceView>> GetAsync(
        string id, IMediator mediator, HttpContext http, IOptions<GatewayOptions> options, CancellationToken cancellationToken) =>
        TypedResults.Ok(WithCheckoutUrl(await mediator.Send(new GetInvoiceQuery(id), cancellationToken), http, options.Value));

    private static async Task<Ok<InvoiceView>> CancelAsync(
        string id, IMediator mediator, HttpContext http, IOptions<GatewayOptions> options, CancellationToken cancellationToken) =>
        TypedResults.Ok(WithCheckoutUrl(await mediator.Send(new CancelInvoiceCommand(id), cancellationToken), http, options.Value));

    private static InvoiceView WithCheckoutUrl(InvoiceView invoice, HttpContext http, GatewayOptions options)
    {
        var root = options.PublicUrl?.ToString().TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host}";
        return invoice with { CheckoutUrl = $"{root}/pay/{invoice.Id}" };
    }
}
