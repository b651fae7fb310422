using AlatauPay.Application.Common;

namespace AlatauPay.Application.Access;

/// <summary>
/// Who sent the current request: the API key's id and the departments it is restricted to. Background
/// work (expiry, dispatch) runs as <see cref="System"/>, which may touch every department.
/// </summary>
public sealed class Caller
{
    public const string SystemId = "system";

    public string KeyId { get; private set; } = SystemId;

    /// <summary>The departments the key may act on; null when it is not restricted.</summary>
    public IReadOnlySet<string>? Departments { get; private set; }

    public void Become(string keyId, IReadOnlyCollection<string>? departments)
    {
        KeyId = keyId;
        Departments = departments is null ? null : new HashSet<string>(departments, StringComparer.Ordinal);
    }

    public bool MayAccess(string department) => Departments is null || Departments.Contains(department);

    /// <summary>Refuses with 403 when the key is restricted to other departments.</summary>
    public void EnsureMayAccess(string department, string field)
    {
        if (!MayAccess(department))
        {
            throw new AccessDeniedException("department-forbidden", $"This API key may not act on department '{department}' ({field}).");
        }
    }
}
