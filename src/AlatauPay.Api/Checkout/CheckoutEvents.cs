using AlatauPay.Application.Common;
using AlatauPay.Application.Invoices.Checkout;
using Mediator;

namespace AlatauPay.Api.Checkout;

/// <summary>
/// <c>/pay/{id}/events</c>: server-sent events, one <c>status</c> event whenever what the page shows changes.
/// Each look reads the invoice afresh through the mediator in its own scope, as a page reload would. The stream
/// ends once the invoice can no longer take payment; the browser's EventSource would reconnect, so the page
/// closes it itself.
/// </summary>
internal static class CheckoutEvents
{
    private static readonly TimeSpan LookInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(
        string id, HttpContext http, IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        // A stopping instance ends its streams at once rather than hold its shutdown until residents close their
        // pages; the browser reconnects after `retry`, to an instance that still runs.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        cancellationToken = ending.Token;
        var text = CheckoutLanguage.Choose(http);
        var first = await LookAsync(scopes, id, cancellationToken);
        if (first is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.WriteAsync("retry: 3000\n\n", cancellationToken);

        string? sent = null;
        var quiet = TimeSpan.Zero;
        var invoice = first;
        try
        {
            while (!cancellationToken.IsCancellationRequested && invoice is not null)
            {
                var update = CheckoutState.Update(invoice, text);
                var json = update.ToJsonString();
                if (json != sent)
                {
                    await http.Response.WriteAsync($"event: status\ndata: {json}\n\n", cancellationToken);
                    sent = json;
                    quiet = TimeSpan.Zero;
                }
                else if (quiet >= KeepAliveInterval)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    quiet = TimeSpan.Zero;
                }

                await http.Response.Body.FlushAsync(cancellationToken);
                if (update["acceptsPayment"]!.GetValue<bool>() is false)
                {
                    return;
                }

                await Task.Delay(LookInterval, cancellationToken);
                quiet += LookInterval;
                invoice = await LookAsync(scopes, id, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The resident closed the page, or the instance is stopping.
        }
    }

    private static async Task<CheckoutView?> LookAsync(IServiceScopeFactory scopes, string id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetCheckoutQuery(id), cancellationToken);
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }
}
