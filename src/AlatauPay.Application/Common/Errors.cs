using AlatauPay.Domain;

namespace AlatauPay.Application.Common;

/// <summary>One rule one field broke. <see cref="Field"/> is the JSON path the caller sent ("amount.value").</summary>
public sealed record FieldError(string Field, string Code, string Message);

/// <summary>The request broke validation rules; maps to 400.</summary>
public sealed class RequestInvalidException(IReadOnlyList<FieldError> errors)
    : DomainException(errors.Count > 0 ? errors[0].Code : "validation-failed", "The request is invalid.")
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;

    public RequestInvalidException(string field, string code, string message)
        : this([new FieldError(field, code, message)])
    {
    }
}

/// <summary>The addressed resource does not exist; maps to 404.</summary>
public sealed class ResourceNotFoundException(string code, string message) : DomainException(code, message);

/// <summary>
/// The resource exists but its state forbids the operation; maps to 409. <see cref="Field"/>, when given, is the
/// field of the request that collides (a department's code, a wallet's key), named in the problem's errors.
/// </summary>
public sealed class StateConflictException(string code, string message, string? field = null) : DomainException(code, message)
{
    public string? Field { get; } = field;
}
