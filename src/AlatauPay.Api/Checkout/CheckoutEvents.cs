using System.Diagnostics;
using AlatauPay.Application.Common;
using AlatauPay.Application.Invoices.Checkout;
using AlatauPay.Application.Ports;
using Mediator;

namespace AlatauPay.Api.Checkout;

/// <summary>
/// <c>/pay/{id}/events</c>: server-sent events, one <c>status</c> event whenever what the page shows changes.
/// Each look reads the invoice afresh through the mediator in its own scope, as a page reload would; the status
/// feed says when to look (a change announced by whichever instance made it, or its interval passing). The stream
/// ends once the invoice can no longer take payment; the browser's EventSource would reconnect, so the page
/// closes it itself.
/// </summary>
internal static class CheckoutEvents
{
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(
        string id,
        HttpContext http,
        IServiceScopeFactory scopes,
        IInvoiceStatusFeed feed,
        IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken)
    {
        // A stopping instance ends its streams at once rather than hold its shutdown until residents close their
        // pages; the browser reconnects after `retry`, to an instance that still runs.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        cancellationToken = ending.Token;
        var text = CheckoutLanguage.Choose(http);
        // Listening starts before the first read, so a change committed in between still wakes the stream.
        using var watch = feed.Watch(id);
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
        var lastWrite = Stopwatch.GetTimestamp();
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
                    lastWrite = Stopwatch.GetTimestamp();
                }
                else if (Stopwatch.GetElapsedTime(lastWrite) >= KeepAliveInterval)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    lastWrite = Stopwatch.GetTimestamp();
                }

                await http.Response.Body.FlushAsync(cancellationToken);
                if (update["acceptsPayment"]!.GetValue<bool>() is false)
                {
                    return;
                }

                await watch.NextAsync(KeepAliveInterval - Stopwatch.GetElapsedTime(lastWrite), cancellationToken);
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
