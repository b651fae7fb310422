using AlatauPay.Application.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

public abstract class ApiKeyStoreTests(StoreFixture store)
{
    [Fact]
    public async Task AKeyIsFoundByItsHashAndRevokedOnce()
    {
        var key = new StoredApiKey("key_1", "ab12", "ak_live_…x9", ["invoices:write", "ledger:read"], ["water"], TestData.Now, null);
        await store.InTransactionAsync(sp => Keys(sp).AddAsync(key, CancellationToken.None));

        var found = await store.ReadAsync(sp => Keys(sp).FindByHashAsync("ab12", CancellationToken.None));
        var revoked = await store.InTransactionAsync(sp => Keys(sp).RevokeAsync("key_1", TestData.Now.AddHours(1), CancellationToken.None));
        var again = await store.InTransactionAsync(sp => Keys(sp).RevokeAsync("key_1", TestData.Now.AddHours(2), CancellationToken.None));

        Assert.Equal(key.Scopes, found!.Scopes);
        Assert.Equal(key.Departments, found.Departments);
        Assert.True(revoked);
        Assert.False(again);
        Assert.Equal(TestData.Now.AddHours(1), (await store.ReadAsync(sp => Keys(sp).FindAsync("key_1", CancellationToken.None)))!.RevokedAt);
    }

    [Fact]
    public async Task KeysAreListedNewestFirstAfterTheCursor()
    {
        foreach (var id in new[] { "key_a", "key_b", "key_c" })
        {
            await store.InTransactionAsync(sp => Keys(sp).AddAsync(new StoredApiKey(id, $"hash-{id}", "hint", ["ledger:read"], null, TestData.Now, null), CancellationToken.None));
        }

        var page = await store.ReadAsync(sp => Keys(sp).ListAsync(2, "key_c", CancellationToken.None));

        Assert.Equal(["key_b", "key_a"], page.Select(k => k.Id).Take(2));
    }

    private static IApiKeyStore Keys(IServiceProvider services) => services.GetRequiredService<IApiKeyStore>();
}

public sealed class SqliteApiKeyStoreTests(SqliteStore store) : ApiKeyStoreTests(store), IClassFixture<SqliteStore>;

public sealed class PostgresApiKeyStoreTests(PostgresStore store) : ApiKeyStoreTests(store), IClassFixture<PostgresStore>;
