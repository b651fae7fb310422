using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlatauPay.Api.Endpoints;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: it can serve (storage reachable), with
/// each check's status and description as JSON.
/// </summary>
public static class HealthApi
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // GET (and so HEAD, see HeadAsGet); anything else is answered 405 like every other route.
        var readOnly = new HttpMethodMetadata([HttpMethods.Get]);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).WithMetadata(readOnly);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync })
            .WithMetadata(readOnly);
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString().ToLowerInvariant(),
                    description = e.Value.Description,
                    data = e.Value.Data.Count == 0 ? null : e.Value.Data,
                }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
