namespace AlatauPay.Domain.Departments;

/// <summary>A city department that bills residents, with the services it bills for and its watch-only wallets.</summary>
public sealed record Department(
    DepartmentCode Code,
    string Name,
    IReadOnlyList<DepartmentService> Services,
    IReadOnlyDictionary<string, DepartmentWallet> Wallets,
    SpeedPolicy SpeedPolicy,
    DateTimeOffset CreatedAt)
{
    public DepartmentService? FindService(string code) => Services.FirstOrDefault(s => s.Code.Value == code);
}

public sealed record DepartmentService(ServiceCode Code, string Name);

/// <summary>
/// A department's watch-only key for one chain. <see cref="AddressesIssued"/> counts derived addresses;
/// an index once issued is never issued again.
/// </summary>
public sealed record DepartmentWallet(string Chain, string ExtendedKey, string Fingerprint, string Network, long AddressesIssued);
