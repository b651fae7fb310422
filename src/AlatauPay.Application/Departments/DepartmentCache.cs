using System.Collections.Concurrent;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Departments;

namespace AlatauPay.Application.Departments;

/// <summary>
/// The departments invoice creation bills against, read from the store once per process. A department never
/// changes after it is created (there is no endpoint that would change it), except for the count of addresses
/// its wallets have issued, which the store counts on every invoice and this cache does not keep: what it
/// remembers instead is the last index each wallet issued here, as the hint of where to derive ahead from.
/// Every other reader (GET, the checkout, the audit) reads the store, so it sees the count as it is.
/// </summary>
public sealed class DepartmentCache
{
    // Departments are few; the bound only keeps a flood of unknown codes from growing the cache.
    private const int MaxDepartments = 10_000;

    private readonly ConcurrentDictionary<string, Department> known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Department, string Chain), long> lastIssued = new();

    public async ValueTask<Department?> FindAsync(DepartmentCode code, IDepartmentRepository departments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(departments);
        if (known.TryGetValue(code.Value, out var cached))
        {
            return cached;
        }

        var loaded = await departments.FindAsync(code, cancellationToken);
        if (loaded is not null && known.Count < MaxDepartments)
        {
            known.TryAdd(code.Value, loaded);
        }

        return loaded;
    }

    /// <summary>The first index the wallet has not issued, as far as this process knows: at least what the store said when it was read.</summary>
    public long NextIndexHint(Department department, DepartmentWallet wallet)
    {
        ArgumentNullException.ThrowIfNull(department);
        ArgumentNullException.ThrowIfNull(wallet);
        return lastIssued.TryGetValue((department.Code.Value, wallet.Chain), out var last)
            ? Math.Max(wallet.AddressesIssued, last + 1)
            : wallet.AddressesIssued;
    }

    public void NoteIssued(DepartmentCode department, string chain, long index)
    {
        lastIssued.AddOrUpdate((department.Value, chain), index, (_, last) => Math.Max(last, index));
    }
}
