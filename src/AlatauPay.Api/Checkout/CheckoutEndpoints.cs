using System.Text;
using System.Text.Json.Nodes;
using AlatauPay.Application.Common;
using AlatauPay.Application.Invoices.Checkout;
using AlatauPay.Application.Invoices.Receipt;
using Mediator;

namespace AlatauPay.Api.Checkout;

/// <summary>
/// <c>/pay/{id}</c>: the resident's checkout page, its live status (server-sent events, and a JSON document for
/// polling), and the public receipt. Anonymous: knowing the invoice id is what lets one see it, and the page
/// shows nothing an attacker holding the link could not read off the bill itself.
/// </summary>
public static class CheckoutEndpoints
{
    /// <summary>Scripts and styles only from the gateway itself; no inline script, no frames, no outside connections.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapCheckout(this IEndpointRouteBuilder app)
    {
        var pay = app.MapGroup("/pay").ExcludeFromDescription().AllowAnonymous().AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return await next(context);
        });
        pay.MapGet("/assets/{name}", CheckoutAssets.Serve);
        pay.MapGet("/{id}", PageAsync);
        pay.MapGet("/{id}/status", StatusAsync);
        pay.MapGet("/{id}/events", CheckoutEvents.StreamAsync);
        pay.MapGet("/{id}/receipt", ReceiptAsync);
        pay.MapGet("/{id}/receipt.json", ReceiptJsonAsync);
        return app;
    }

    private static async Task<IResult> PageAsync(string id, HttpContext http, IMediator mediator, CancellationToken cancellationToken)
    {
        var text = CheckoutLanguage.Choose(http);
        http.Response.Headers.CacheControl = "no-store";
        try
        {
            var invoice = await mediator.Send(new GetCheckoutQuery(id), cancellationToken);
            return Html(CheckoutPage.Render(invoice, text));
        }
        catch (ResourceNotFoundException)
        {
            return NotFound(text);
        }
    }

    private static async Task<IResult> StatusAsync(string id, HttpContext http, IMediator mediator, CancellationToken cancellationToken)
    {
        var text = CheckoutLanguage.Choose(http);
        http.Response.Headers.CacheControl = "no-store";
        try
        {
            var invoice = await mediator.Send(new GetCheckoutQuery(id), cancellationToken);
            return Results.Text(CheckoutState.Update(invoice, text).ToJsonString(), "application/json", Encoding.UTF8);
        }
        catch (ResourceNotFoundException)
        {
            return Results.NotFound();
        }
    }

    private static async Task<IResult> ReceiptAsync(string id, HttpContext http, IMediator mediator, CancellationToken cancellationToken)
    {
        var text = CheckoutLanguage.Choose(http);
        try
        {
            var receipt = await mediator.Send(new GetReceiptCommand(id), cancellationToken);
            return Html(ReceiptPage.Render(receipt, text));
        }
        catch (ResourceNotFoundException)
        {
            return NotFound(text);
        }
        catch (StateConflictException)
        {
            return Html(CheckoutLayout.Message(text, "receipt-missing-title", "receipt-missing-text", $"/pay/{id}"), StatusCodes.Status404NotFound);
        }
    }

    private static async Task<IResult> ReceiptJsonAsync(string id, IMediator mediator, CancellationToken cancellationToken)
    {
        try
        {
            var receipt = await mediator.Send(new GetReceiptCommand(id), cancellationToken);
            var envelope = new JsonObject
            {
                ["receipt"] = receipt.Receipt.DeepClone(),
                ["keyId"] = receipt.KeyId,
                ["publicKey"] = receipt.PublicKey,
                ["signature"] = receipt.Signature,
            };
            return Results.File(Encoding.UTF8.GetBytes(envelope.ToJsonString()), "application/json", $"receipt-{id}.json");
        }
        catch (Exception e) when (e is ResourceNotFoundException or StateConflictException)
        {
            return Results.NotFound();
        }
    }

    private static IResult NotFound(CheckoutText text) =>
        Html(CheckoutLayout.Message(text, "not-found-title", "not-found-text"), StatusCodes.Status404NotFound);

    private static IResult Html(string html, int status = StatusCodes.Status200OK) =>
        Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
}
