namespace AlatauPay.Domain.Invoices;

/// <summary>Who the bill is for: the resident's account with the department, and optionally a name.</summary>
public sealed record Payer(string Account, string? Name);
