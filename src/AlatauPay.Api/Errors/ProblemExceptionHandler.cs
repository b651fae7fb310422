using System.Text.Json;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Domain;
using AlatauPay.Domain.Invoices;
using Microsoft.AspNetCore.Diagnostics;

namespace AlatauPay.Api.Errors;

/// <summary>
/// The one place failures become RFC 9457 problem documents. Expected refusals name the rule and the
/// field; a store that cannot be reached is a 503 with <c>Retry-After</c>; anything unexpected is logged
/// with its stack and answered with a bare 500 that reveals nothing.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        var outage = httpContext.RequestServices.GetService<IStorageProbe>()?.IsOutage(exception) == true;
        var (status, code, title, detail, errors) = outage ? StoreUnavailable : Describe(exception);
        if (outage)
        {
            LogStoreUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.Message);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
        else if (status == StatusCodes.Status500InternalServerError)
        {
            LogUnexpected(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        httpContext.Response.StatusCode = status;
        var problem = ProblemCodes.Create(status, code, title, detail);
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    // A database restart or failover takes seconds; the client is told to come back rather than given up on.
    private const string RetryAfterSeconds = "2";

    private static readonly (int, string, string, string?, IReadOnlyList<FieldError>?) StoreUnavailable =
        (503, "storage-unavailable", "The gateway's store is not reachable at the moment.", "Nothing was lost; retry shortly with the same Idempotency-Key.", null);

    private static (int Status, string Code, string Title, string? Detail, IReadOnlyList<FieldError>? Errors) Describe(Exception exception) => exception switch
    {
        RequestInvalidException invalid => (400, invalid.Code, "The request is invalid.", invalid.Errors.Count == 1 ? invalid.Errors[0].Message : $"{invalid.Errors.Count} fields are invalid.", invalid.Errors),
        ResourceNotFoundException missing => (404, missing.Code, "Not found.", missing.Message, null),
        InvalidTransitionException transition => (409, transition.Code, "The invoice's state does not allow this.", transition.Message, null),
        StateConflictException conflict => (409, conflict.Code, "The resource's state does not allow this.", conflict.Message,
            conflict.Field is { } field ? [new FieldError(field, conflict.Code, conflict.Message)] : null),
        AccessDeniedException denied => (403, denied.Code, "The API key may not do this.", denied.Message, null),
        UnprocessableRequestException unprocessable => (422, unprocessable.Code, "The request contradicts an earlier one.", unprocessable.Message, null),
        ConcurrentUpdateException => (409, "concurrent-update", "The resource changed while the request ran; retry it.", null, null),
        DomainException refused => (400, refused.Code, "The request is invalid.", refused.Message, null),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (413, "body-too-large", "The request body is too large.", $"Bodies are at most {GatewayApp.MaxRequestBodyBytes / 1024} KiB.", null),
        BadHttpRequestException { InnerException: JsonException json } => DescribeJson(json),
        BadHttpRequestException bad when bad.Message.Contains("no body was provided", StringComparison.Ordinal) =>
            (400, "body-required", "The request needs a JSON body.", null, null),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } =>
            (415, "unsupported-media-type", "The request body's media type is not supported.", "Send JSON bodies with 'Content-Type: application/json'.", null),
        BadHttpRequestException bad => (bad.StatusCode, "bad-request", "The request is malformed.", null, null),
        _ => (500, "internal-error", "The gateway failed to handle the request.", "The failure is logged; retrying with the same Idempotency-Key is safe.", null),
    };

    private static (int, string, string, string?, IReadOnlyList<FieldError>?) DescribeJson(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "$" : json.Path.TrimStart('$', '.');
        var message = json.Message;
        var (code, detail) = message switch
        {
            _ when message.Contains("could not be mapped", StringComparison.Ordinal) => ("unknown-field", $"'{field}' is not a field of this request."),
            _ when message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) => ("duplicate-field", $"'{field}' appears more than once."),
            // A string the reader cannot transcode from invalid UTF-8 is broken text, not a wrong type.
            _ when json.InnerException is InvalidOperationException { Message: var text } && text.Contains("invalid UTF-8", StringComparison.Ordinal) =>
                ("malformed-json", $"'{field}' is not valid UTF-8 text."),
            _ when message.Contains("could not be converted", StringComparison.Ordinal) => ("invalid-type", $"'{field}' has the wrong JSON type."),
            _ => ("malformed-json", "The body is not well-formed JSON."),
        };
        return (400, code, "The request body is invalid.", detail, [new FieldError(field, code, detail)]);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the store is not reachable ({Reason})")]
    private static partial void LogStoreUnavailable(ILogger logger, string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure on {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);
}
