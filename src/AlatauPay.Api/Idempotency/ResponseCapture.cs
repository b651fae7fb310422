using AlatauPay.Application.Ports;

namespace AlatauPay.Api.Idempotency;

/// <summary>Runs an endpoint's result into memory, so it can be stored before anything reaches the client.</summary>
internal static class ResponseCapture
{
    public static async Task<IdempotentResponse> RunAsync(HttpContext http, object? result, string fingerprint)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            switch (result)
            {
                case IResult executable:
                    await executable.ExecuteAsync(http);
                    break;
                case null:
                    break;
                default:
                    await http.Response.WriteAsJsonAsync(result, result.GetType(), http.RequestAborted);
                    break;
            }
        }
        finally
        {
            http.Response.Body = original;
        }

        var location = http.Response.Headers.Location.ToString();
        return new IdempotentResponse(
            fingerprint,
            http.Response.StatusCode,
            http.Response.ContentType,
            location.Length == 0 ? null : location,
            buffer.ToArray());
    }
}
