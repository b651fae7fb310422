using Microsoft.AspNetCore.Http.Features;

namespace AlatauPay.Api.Hosting;

/// <summary>
/// HEAD is answered wherever GET is (RFC 9110 §9.3.2: the same status and headers, no body), which uptime monitors
/// and link previews rely on. The request is routed, authorised and rate limited as the GET it asks about, and what
/// the endpoint writes is discarded. Runs before routing, so the route's methods see a GET.
/// </summary>
public static class HeadAsGet
{
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        context.Request.Method = HttpMethods.Get;
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null, body));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(body);
            context.Request.Method = HttpMethods.Head;
        }
    });
}
