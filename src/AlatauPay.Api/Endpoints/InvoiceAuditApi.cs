using AlatauPay.Api.Auth;
using AlatauPay.Application.Access;
using AlatauPay.Application.Invoices.Receipt;
using AlatauPay.Application.Invoices.Trail;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlatauPay.Api.Endpoints;

/// <summary>What an auditor or a payer asks of one invoice: its full trail, and its signed receipt.</summary>
public static class InvoiceAuditApi
{
    public static RouteGroupBuilder MapInvoiceAuditApi(this RouteGroupBuilder v1)
    {
        var invoices = v1.MapGroup("/invoices").WithTags("Invoices");
        invoices.MapGet("/{id}/trail", TrailAsync).RequireScope(Scopes.LedgerRead).WithName("GetInvoiceTrail").ProducesProblem(404);
        invoices.MapGet("/{id}/receipt", ReceiptAsync).RequireScope(Scopes.InvoicesRead).WithName("GetInvoiceReceipt").ProducesProblem(404).ProducesProblem(409);
        return v1;
    }

    private static async Task<Ok<InvoiceTrailView>> TrailAsync(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetInvoiceTrailQuery(id), cancellationToken));

    private static async Task<Ok<ReceiptView>> ReceiptAsync(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetReceiptCommand(id), cancellationToken));
}
