using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Api.Tests;

/// <summary>
/// A 100,000-entry ledger exported over HTTP while live memory is measured after full collections: the
/// gateway streams, so what it holds stays far below the size of what it sends. Not a timing test.
/// Live memory is the whole test host's, so the class runs alone: a test class running beside it (the
/// in-suite fuzzing run, say) would add its own allocations to the measure.
/// </summary>
[Collection(MeasuresProcessMemory.Name)]
public sealed class LedgerLargeExportTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    private const int Entries = 100_000;
    private const long MaxGrowthBytes = 24L * 1024 * 1024;

    [Fact]
    public async Task ExportingAHundredThousandEntriesKeepsMemoryBounded()
    {
        await PostEntriesAsync();
        var baseline = LiveBytes();
        var samples = new List<long>();

        using var response = await gateway.Client.GetAsync("/v1/ledger/export?format=csv", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);
        long lines = 0;
        long characters = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            characters += line.Length + 1;
            if (++lines % 50_000 == 0)
            {
                samples.Add(LiveBytes() - baseline);
            }
        }

        Assert.Equal(1 + (4L * Entries), lines);
        Assert.True(characters > 40L * 1024 * 1024, $"the export was only {characters} characters");
        Assert.True(samples.Count >= 7);
        Assert.True(samples.Max() < MaxGrowthBytes, $"live memory grew by up to {samples.Max() / 1024 / 1024} MiB while streaming {characters / 1024 / 1024} MiB");
    }

    private static long LiveBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private async Task PostEntriesAsync()
    {
        const int perTransaction = 10_000;
        var at = gateway.Clock.GetUtcNow().AddDays(-1);
        for (var batch = 0; batch < Entries / perTransaction; batch++)
        {
            await using var scope = gateway.Services.CreateAsyncScope();
            var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
            var ledger = scope.ServiceProvider.GetRequiredService<ILedgerRepository>();
            await unitOfWork.BeginAsync(CancellationToken.None);
            for (var i = 0; i < perTransaction; i++)
            {
                var n = (batch * perTransaction) + i;
                await ledger.TryAppendAsync(Entry(n, at.AddMilliseconds(n)), CancellationToken.None);
            }

            await unitOfWork.CommitAsync(CancellationToken.None);
        }
    }

    private static LedgerEntry Entry(int n, DateTimeOffset at) => LedgerEntry.Create(
        $"bulk:{n}",
        $"bulk settlement number {n} for the export test",
        null,
        at,
        at,
        [
            Posting.Debit("assets:crypto:BTC:bulk-department", new Money(Currency.BTC, 25_991 + n)),
            Posting.Credit("trading:BTC", new Money(Currency.BTC, 25_991 + n)),
            Posting.Debit("trading:KZT", new Money(Currency.KZT, 1_234_567 + n)),
            Posting.Credit("revenue:bulk-department:cold-water", new Money(Currency.KZT, 1_234_567 + n)),
        ]);
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuresProcessMemory
{
    public const string Name = "measures the test host's memory";
}
