using AlatauPay.Domain;

namespace AlatauPay.Application.Common;

/// <summary>The caller is known but not allowed to do this; maps to 403.</summary>
public sealed class AccessDeniedException(string code, string message) : DomainException(code, message);
