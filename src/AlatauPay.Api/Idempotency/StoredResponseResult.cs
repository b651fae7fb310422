using AlatauPay.Application.Ports;

namespace AlatauPay.Api.Idempotency;

/// <summary>Writes a stored response: the first answer to a request, or its replay with <c>Idempotent-Replayed: true</c>.</summary>
internal sealed class StoredResponseResult(IdempotentResponse response, bool replayed) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var http = httpContext.Response;
        http.StatusCode = response.Status;
        if (response.ContentType is not null)
        {
            http.ContentType = response.ContentType;
        }

        if (response.Location is not null)
        {
            http.Headers.Location = response.Location;
        }

        if (replayed)
        {
            http.Headers[IdempotencyRequest.ReplayedHeader] = "true";
        }

        http.ContentLength = response.Body.Length;
        await http.Body.WriteAsync(response.Body, httpContext.RequestAborted);
    }
}
