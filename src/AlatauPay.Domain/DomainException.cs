namespace AlatauPay.Domain;

/// <summary>A business rule refused an operation. <see cref="Code"/> is stable and machine-readable.</summary>
public class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
