using AlatauPay.Domain.Departments;

namespace AlatauPay.Application.Ports;

public interface IDepartmentRepository
{
    /// <summary>Adds the department; false when its code is taken.</summary>
    Task<bool> TryAddAsync(Department department, CancellationToken cancellationToken);

    Task<Department?> FindAsync(DepartmentCode code, CancellationToken cancellationToken);

    /// <summary>The department that registered this normalised key for this chain, if any.</summary>
    Task<DepartmentCode?> FindWalletOwnerAsync(string chain, string extendedKey, CancellationToken cancellationToken);

    /// <summary>Departments ordered by code, after <paramref name="startingAfter"/> when given, among <paramref name="only"/> when given.</summary>
    Task<IReadOnlyList<Department>> ListAsync(
        int limit, DepartmentCode? startingAfter, CancellationToken cancellationToken, IReadOnlySet<string>? only = null);

    /// <summary>
    /// Takes the department's next unused receive index for <paramref name="chain"/>, inside the current
    /// transaction: concurrent callers never get the same index, and a rolled-back caller's index is reused.
    /// </summary>
    Task<long> TakeNextAddressIndexAsync(DepartmentCode code, string chain, CancellationToken cancellationToken);
}
