using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Departments;

namespace AlatauPay.Application.Access;

/// <summary>The departments a new API key or webhook is limited to.</summary>
public static class DepartmentFilter
{
    /// <summary>
    /// The departments <paramref name="requested"/> names, each once and in order, after checking that the caller
    /// may act on each and that each exists (a typo would otherwise make a key or webhook that silently matches
    /// nothing); none requested means all, except for a caller limited itself, whose limit is passed on.
    /// </summary>
    public static async Task<List<string>?> ResolveAsync(
        IReadOnlyList<string>? requested, Caller caller, IDepartmentRepository departments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(departments);
        for (var i = 0; i < (requested?.Count ?? 0); i++)
        {
            caller.EnsureMayAccess(requested![i], $"departments[{i}]");
            if (await departments.FindAsync(new DepartmentCode(requested[i]), cancellationToken) is null)
            {
                throw new RequestInvalidException($"departments[{i}]", "department-not-found", $"There is no department '{requested[i]}'.");
            }
        }

        var limited = requested?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return caller.Departments is null ? limited : limited ?? [.. caller.Departments.Order(StringComparer.Ordinal)];
    }
}
