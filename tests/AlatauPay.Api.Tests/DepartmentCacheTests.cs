using AlatauPay.Application.Departments;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Departments;

namespace AlatauPay.Api.Tests;

/// <summary>Invoice creation's department cache: one store read per department, and a derive-ahead hint that never goes back.</summary>
public sealed class DepartmentCacheTests
{
    private readonly CountingDepartments store = new();
    private readonly DepartmentCache cache = new();

    [Fact]
    public async Task ReadsAKnownDepartmentFromTheStoreOnce()
    {
        var first = await cache.FindAsync(new DepartmentCode("water"), store, CancellationToken.None);
        var second = await cache.FindAsync(new DepartmentCode("water"), store, CancellationToken.None);

        Assert.Same(first, second);
        Assert.Equal(1, store.Reads);
    }

    [Fact]
    public async Task AsksTheStoreAgainForADepartmentItDidNotHave()
    {
        Assert.Null(await cache.FindAsync(new DepartmentCode("gas"), store, CancellationToken.None));
        store.Add("gas");

        Assert.NotNull(await cache.FindAsync(new DepartmentCode("gas"), store, CancellationToken.None));
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task TheHintFollowsTheIndexesIssuedHereAndNeverFallsBelowTheStoresCount()
    {
        var water = (await cache.FindAsync(new DepartmentCode("water"), store, CancellationToken.None))!;
        var wallet = water.Wallets["BTC"];
        Assert.Equal(7, cache.NextIndexHint(water, wallet));

        cache.NoteIssued(water.Code, "BTC", 12);
        cache.NoteIssued(water.Code, "BTC", 9);
        Assert.Equal(13, cache.NextIndexHint(water, wallet));
        Assert.Equal(7, cache.NextIndexHint(water, water.Wallets["LTC"]));

        // A fresher read of the department (another instance issued more) wins over what this one noted.
        Assert.Equal(40, cache.NextIndexHint(water, wallet with { AddressesIssued = 40 }));
    }

    private sealed class CountingDepartments : IDepartmentRepository
    {
        private readonly Dictionary<string, Department> departments = [];

        public CountingDepartments() => Add("water");

        public int Reads { get; private set; }

        public void Add(string code) => departments[code] = new Department(
            new DepartmentCode(code),
            code,
            [new DepartmentService(new ServiceCode("bill"), "Bill")],
            new Dictionary<string, DepartmentWallet>
            {
                ["BTC"] = new("BTC", "vpub-of-" + code, "00000000", "regtest", 7),
                ["LTC"] = new("LTC", "vpub-of-" + code, "00000000", "regtest", 7),
            },
            SpeedPolicy.Medium,
            DateTimeOffset.UnixEpoch);

        public Task<Department?> FindAsync(DepartmentCode code, CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult(departments.GetValueOrDefault(code.Value));
        }

        public Task<bool> TryAddAsync(Department department, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DepartmentCode?> FindWalletOwnerAsync(string chain, string extendedKey, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<Department>> ListAsync(
            int limit, DepartmentCode? startingAfter, CancellationToken cancellationToken, IReadOnlySet<string>? only = null) =>
            throw new NotSupportedException();

        public Task<long> TakeNextAddressIndexAsync(DepartmentCode code, string chain, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
