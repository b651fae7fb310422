namespace AlatauPay.Application.Access;

/// <summary>What an API key may do. <see cref="Admin"/> may do everything.</summary>
public static class Scopes
{
    public const string InvoicesWrite = "invoices:write";
    public const string InvoicesRead = "invoices:read";
    public const string LedgerRead = "ledger:read";
    public const string WebhooksManage = "webhooks:manage";
    public const string DepartmentsManage = "departments:manage";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [InvoicesWrite, InvoicesRead, LedgerRead, WebhooksManage, DepartmentsManage, Admin];

    public static bool IsKnown(string? scope) => scope is not null && All.Contains(scope, StringComparer.Ordinal);

    /// <summary>Whether a key holding <paramref name="held"/> may use an endpoint that requires <paramref name="required"/>.</summary>
    public static bool Grants(IEnumerable<string> held, string required) =>
        held.Any(s => s == Admin || s == required);
}
