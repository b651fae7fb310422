using System.Text.Json;

namespace AlatauPay.Fuzz;

/// <summary>How an answer is judged.</summary>
public enum Outcome
{
    /// <summary>2xx: the input happened to be valid.</summary>
    Accepted,

    /// <summary>4xx <c>application/problem+json</c> with a <c>code</c>.</summary>
    Problem,

    /// <summary>4xx HTML page on the resident's checkout (<c>/pay/…</c>), which answers people, not programs.</summary>
    CheckoutPage,

    /// <summary>Bare 4xx from Kestrel for a request that is not valid HTTP/1.1; no application code ran.</summary>
    ProtocolRefusal,

    Failure,
}

public sealed record Judgement(Outcome Outcome, string? Reason = null);

public static class Verdict
{
    private static readonly string[] StackTraceMarkers = ["   at ", "Exception:", ".cs:line", "System.", "Microsoft.", "StackTrace", "Npgsql", "SQLite Error", "SqliteException"];

    public static Judgement Judge(HostileRequest request, RawResponse? response)
    {
        if (response is null)
        {
            return new(Outcome.Failure, "no answer: the server closed the connection");
        }

        if (response.CutOff)
        {
            // A body far over the limit that the server will not read: it answers (a 4xx, or a 2xx on a route that
            // takes no body) and closes, and the
            // kernel resets a connection closed with unread bytes, which can take the answer's tail with it.
            return response.Status < 500 && request.Bytes.Length > AlatauPay.Api.GatewayApp.MaxRequestBodyBytes
                ? new(Outcome.ProtocolRefusal)
                : new(Outcome.Failure, $"{response.Status} answer cut off mid-body");
        }

        var text = response.BodyText;
        if (response.Status >= 500)
        {
            return new(Outcome.Failure, $"{response.Status}");
        }

        if (StackTraceMarkers.FirstOrDefault(m => text.Contains(m, StringComparison.Ordinal) && !IsDocument(request)) is { } marker)
        {
            return new(Outcome.Failure, $"{response.Status} body shows internals ('{marker.Trim()}')");
        }

        if (response.Status is >= 200 and < 300)
        {
            return new(Outcome.Accepted);
        }

        if (response.Status is < 400 or >= 500)
        {
            return new(Outcome.Failure, $"unexpected status {response.Status}");
        }

        if (response.ContentType.StartsWith("application/problem+json", StringComparison.Ordinal))
        {
            if (request.HeadOnly)
            {
                // HEAD: the same head as GET, without the body.
                return new(Outcome.Problem);
            }

            return HasCode(text) ? new(Outcome.Problem) : new(Outcome.Failure, $"{response.Status} problem document without a code");
        }

        if (request.Endpoint.Template.StartsWith("/pay/", StringComparison.Ordinal) && response.ContentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            return new(Outcome.CheckoutPage);
        }

        if (request.BreaksHttp && response.Body.Length == 0)
        {
            return new(Outcome.ProtocolRefusal);
        }

        return new(Outcome.Failure, $"{response.Status} answered with '{response.ContentType}' ({response.Body.Length} bytes), not a problem document");
    }

    /// <summary>The OpenAPI document and metrics legitimately name .NET types and runtime metrics.</summary>
    private static bool IsDocument(HostileRequest request) => request.Endpoint.Template is "/openapi/v1.json" or "/metrics" or "/pay/assets/{name}";

    private static bool HasCode(string text)
    {
        try
        {
            using var problem = JsonDocument.Parse(text);
            return problem.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String && code.GetString()!.Length > 0
                && problem.RootElement.TryGetProperty("status", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
