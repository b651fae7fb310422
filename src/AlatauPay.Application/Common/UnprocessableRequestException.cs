using AlatauPay.Domain;

namespace AlatauPay.Application.Common;

/// <summary>The request is well-formed but contradicts an earlier one (an Idempotency-Key reused); maps to 422.</summary>
public sealed class UnprocessableRequestException(string code, string message) : DomainException(code, message);
