using AlatauPay.Application.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Tests;

/// <summary>The record's key, not the in-flight marks in front of it, keeps an Idempotency-Key to one effect.</summary>
public abstract class IdempotencyRecordTests(StoreFixture store)
{
    [Fact]
    public async Task ASecondRecordOfALiveKeyWritesNothingAndSaysSo()
    {
        var first = Response("first");
        var added = await store.InTransactionAsync(sp => Records(sp).AddAsync("key_a", "idem-1", first, TestData.Now, TestData.Now.AddDays(1), CancellationToken.None));

        var twin = await store.InTransactionAsync(sp => Records(sp).AddAsync("key_a", "idem-1", Response("twin"), TestData.Now, TestData.Now.AddDays(1), CancellationToken.None));

        Assert.True(added);
        Assert.False(twin);
        var stored = await store.ReadAsync(sp => Records(sp).FindAsync("key_a", "idem-1", TestData.Now, CancellationToken.None));
        Assert.Equal(first.Fingerprint, stored!.Fingerprint);
    }

    [Fact]
    public async Task AnExpiredRecordOfTheKeyIsReplaced()
    {
        await store.InTransactionAsync(sp => Records(sp).AddAsync("key_b", "idem-2", Response("old"), TestData.Now.AddDays(-3), TestData.Now.AddDays(-2), CancellationToken.None));

        var added = await store.InTransactionAsync(sp => Records(sp).AddAsync("key_b", "idem-2", Response("new"), TestData.Now, TestData.Now.AddDays(1), CancellationToken.None));

        Assert.True(added);
        Assert.Equal("new", (await store.ReadAsync(sp => Records(sp).FindAsync("key_b", "idem-2", TestData.Now, CancellationToken.None)))!.Fingerprint);
    }

    private static IdempotentResponse Response(string fingerprint) => new(fingerprint, 201, "application/json", null, "{}"u8.ToArray());

    private static IIdempotencyRecords Records(IServiceProvider services) => services.GetRequiredService<IIdempotencyRecords>();
}

public sealed class SqliteIdempotencyRecordTests(SqliteStore store) : IdempotencyRecordTests(store), IClassFixture<SqliteStore>;

public sealed class PostgresIdempotencyRecordTests(PostgresStore store) : IdempotencyRecordTests(store), IClassFixture<PostgresStore>;
