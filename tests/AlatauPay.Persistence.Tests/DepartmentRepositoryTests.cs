using AlatauPay.Application.Ports;
using AlatauPay.Domain.Departments;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

public abstract class DepartmentRepositoryTests(StoreFixture store)
{
    [Fact]
    public async Task ReadsBackWhatWasAdded()
    {
        var department = TestData.Department("roundtrip");
        await store.InTransactionAsync(sp => Repository(sp).TryAddAsync(department, CancellationToken.None));

        var found = await store.ReadAsync(sp => Repository(sp).FindAsync(department.Code, CancellationToken.None));

        Assert.NotNull(found);
        Assert.Equal(department.Name, found.Name);
        Assert.Equal(department.Services, found.Services);
        Assert.Equal(department.SpeedPolicy, found.SpeedPolicy);
        Assert.Equal(department.CreatedAt, found.CreatedAt);
        Assert.Equal(department.Wallets["BTC"], found.Wallets["BTC"]);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("finalized")]
    public async Task ReadsBackAWalletsOwnConfirmationRule(string rule)
    {
        var department = TestData.Department("rule-" + rule);
        var ether = new DepartmentWallet("ETH", "0x8ba1f109551bD432803012645Ac136ddd64DBA7" + rule.Length, "8ba1f109", "31337", 0)
        {
            Confirmations = WalletConfirmations.Parse(rule),
        };
        department = department with { Wallets = new Dictionary<string, DepartmentWallet>(department.Wallets) { ["ETH"] = ether } };
        await store.InTransactionAsync(sp => Repository(sp).TryAddAsync(department, CancellationToken.None));

        var found = await store.ReadAsync(sp => Repository(sp).FindAsync(department.Code, CancellationToken.None));

        Assert.Equal(rule, found!.Wallets["ETH"].Confirmations?.ToString());
        Assert.Null(found.Wallets["BTC"].Confirmations);
    }

    [Fact]
    public async Task RefusesASecondDepartmentWithTheSameCode()
    {
        await store.InTransactionAsync(sp => Repository(sp).TryAddAsync(TestData.Department("twice"), CancellationToken.None));

        var added = await store.InTransactionAsync(sp => Repository(sp).TryAddAsync(TestData.Department("twice"), CancellationToken.None));

        Assert.False(added);
    }

    [Fact]
    public async Task FindsWhichDepartmentRegisteredAKey()
    {
        await store.InTransactionAsync(sp => Repository(sp).TryAddAsync(TestData.Department("key-owner"), CancellationToken.None));

        var owner = await store.ReadAsync(sp => Repository(sp).FindWalletOwnerAsync("BTC", "tpub-of-key-owner", CancellationToken.None));
        var nobody = await store.ReadAsync(sp => Repository(sp).FindWalletOwnerAsync("BTC", "tpub-of-nobody", CancellationToken.None));

        Assert.Equal(new DepartmentCode("key-owner"), owner);
        Assert.Null(nobody);
    }

    [Fact]
    public async Task TheStoreRefusesOneKeyForTwoDepartments()
    {
        await store.InTransactionAsync(sp => Repository(sp).TryAddAsync(TestData.Department("first-holder"), CancellationToken.None));
        var second = TestData.Department("second-holder") with { Wallets = TestData.Department("first-holder").Wallets };

        var refusal = await Assert.ThrowsAsync<AlatauPay.Application.Common.StateConflictException>(() =>
            store.InTransactionAsync(sp => Repository(sp).TryAddAsync(second, CancellationToken.None)));
        Assert.Equal("wallet-key-in-use", refusal.Code);
        Assert.Equal("wallets", refusal.Field);
        Assert.Null(await store.ReadAsync(sp => Repository(sp).FindAsync(second.Code, CancellationToken.None)));
    }

    [Fact]
    public async Task ListsInCodeOrderAfterTheCursor()
    {
        foreach (var code in new[] { "list-c", "list-a", "list-b" })
        {
            await store.InTransactionAsync(sp => Repository(sp).TryAddAsync(TestData.Department(code), CancellationToken.None));
        }

        var page = await store.ReadAsync(sp => Repository(sp).ListAsync(2, new DepartmentCode("list-a"), CancellationToken.None));

        Assert.Equal(["list-b", "list-c"], page.Select(d => d.Code.Value));
    }

    [Fact]
    public async Task AddressIndexesCountUpPerChain()
    {
        var code = new DepartmentCode("indexes");
        await store.InTransactionAsync(sp => Repository(sp).TryAddAsync(TestData.Department(code.Value), CancellationToken.None));

        var btc = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            btc.Add(await store.InTransactionAsync(sp => Repository(sp).TakeNextAddressIndexAsync(code, "BTC", CancellationToken.None)));
        }

        var ltc = await store.InTransactionAsync(sp => Repository(sp).TakeNextAddressIndexAsync(code, "LTC", CancellationToken.None));
        Assert.Equal([0L, 1L, 2L], btc);
        Assert.Equal(0L, ltc);
    }

    [Fact]
    public async Task ConcurrentTransactionsNeverShareAnAddressIndex()
    {
        var code = new DepartmentCode("concurrent");
        await store.InTransactionAsync(sp => Repository(sp).TryAddAsync(TestData.Department(code.Value), CancellationToken.None));

        var taken = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() =>
            store.InTransactionAsync(sp => Repository(sp).TakeNextAddressIndexAsync(code, "BTC", CancellationToken.None)))));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), taken.Order());
    }

    [Fact]
    public async Task AnIndexTakenByARolledBackTransactionIsTakenAgain()
    {
        var code = new DepartmentCode("rollback");
        await store.InTransactionAsync(sp => Repository(sp).TryAddAsync(TestData.Department(code.Value), CancellationToken.None));

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.InTransactionAsync(async sp =>
        {
            await Repository(sp).TakeNextAddressIndexAsync(code, "BTC", CancellationToken.None);
            throw new InvalidOperationException("the request failed after taking an index");
        }));
        var next = await store.InTransactionAsync(sp => Repository(sp).TakeNextAddressIndexAsync(code, "BTC", CancellationToken.None));

        Assert.Equal(0L, next);
    }

    private static IDepartmentRepository Repository(IServiceProvider services) => services.GetRequiredService<IDepartmentRepository>();
}

public sealed class SqliteDepartmentRepositoryTests(SqliteStore store) : DepartmentRepositoryTests(store), IClassFixture<SqliteStore>;

public sealed class PostgresDepartmentRepositoryTests(PostgresStore store) : DepartmentRepositoryTests(store), IClassFixture<PostgresStore>;
