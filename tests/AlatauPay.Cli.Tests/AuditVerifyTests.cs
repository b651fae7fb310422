using AlatauPay.Api.Tests;
using AlatauPay.Persistence.Sqlite;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Cli.Tests;

/// <summary><c>alatau audit verify</c> against a real gateway: honest history verifies, altered history does not.</summary>
public sealed class AuditVerifyTests(GatewayHost gateway) : IClassFixture<GatewayHost>, IAsyncLifetime
{
    private readonly CliRun cli = new();

    public Task InitializeAsync() => gateway.EnsureDepartmentAsync("water");

    public Task DisposeAsync()
    {
        cli.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AnHonestLedgerVerifiesAndStaysConsistentWithTheHeadTrustedEarlier()
    {
        await gateway.SettledInvoiceAsync("water");
        var trusted = cli.PathOf("trusted.json");
        var first = await CliRun.RunAsync(CliRun.Online(gateway, "audit", "verify", "--save-head", trusted));
        await gateway.SettledInvoiceAsync("water", "0.00030000");
        var settled = await gateway.SettleAsync((await gateway.Client.CreateInvoiceAsync("water"))["id"]!.GetValue<string>(), LedgerScenario.Due);

        var second = await CliRun.RunAsync(CliRun.Online(gateway, "audit", "verify", "--trusted", trusted, "--entry", settled.EntryId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.True(first.Code == 0, first.Output);
        Assert.Contains("trusted on first use", first.Output, StringComparison.Ordinal);
        Assert.True(second.Code == 0, second.Output);
        Assert.Contains("ok   consistency proof", second.Output, StringComparison.Ordinal);
        Assert.Contains($"ok   entry {settled.EntryId} included", second.Output, StringComparison.Ordinal);
        Assert.Contains("VERIFIED", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEntryEditedInTheDatabaseIsCaught()
    {
        var id = await gateway.SettledInvoiceAsync("water");
        var trusted = cli.PathOf("before-edit.json");
        Assert.Equal(0, (await CliRun.RunAsync(CliRun.Online(gateway, "audit", "verify", "--save-head", trusted))).Code);

        // The triggers stop the application, not someone with the database file: this is what they can do,
        // and why heads are signed and kept by auditors.
        await using (var connection = await gateway.Services.GetRequiredService<SqliteDatabase>().OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(
                """
                DROP TRIGGER ledger_postings_no_update;
                UPDATE ledger_postings SET amount_minor = '1000000'
                WHERE entry_id = (SELECT id FROM ledger_entries WHERE entry_key = @key) AND account LIKE 'revenue:%';
                """,
                new { key = $"settle:{id}" });
        }

        var (code, output) = await CliRun.RunAsync(CliRun.Online(gateway, "audit", "verify", "--trusted", trusted));

        Assert.True(code == 1, output);
        Assert.Contains("FAIL root recomputed from the export", output, StringComparison.Ordinal);
        Assert.Contains("FAIL trusted head recomputed from the export", output, StringComparison.Ordinal);
        Assert.Contains("NOT VERIFIED", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASavedExportVerifiesOfflineUntilAByteOfItChanges()
    {
        await gateway.SettledInvoiceAsync("water");
        var export = cli.PathOf("ledger.jsonl");
        var saved = await CliRun.RunAsync(CliRun.Online(gateway, "audit", "export", "--format", "jsonl", "--out", export));

        var honest = await CliRun.RunAsync("audit", "verify", "--entries", export, "--head", export + ".head.json");
        var lines = await File.ReadAllLinesAsync(export);
        lines[0] = lines[0].Replace("\"canonical\":\"ey", "\"canonical\":\"eX", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(export, lines);
        var altered = await CliRun.RunAsync("audit", "verify", "--entries", export, "--head", export + ".head.json");

        Assert.True(saved.Code == 0, saved.Output);
        Assert.True(honest.Code == 0, honest.Output);
        Assert.True(altered.Code == 1, altered.Output);
    }

    [Fact]
    public async Task AHeadSignedByAnotherKeyIsRefused()
    {
        await gateway.SettledInvoiceAsync("water");
        var trusted = cli.PathOf("other-key.json");
        Assert.Equal(0, (await CliRun.RunAsync(CliRun.Online(gateway, "audit", "verify", "--save-head", trusted))).Code);
        var text = await File.ReadAllTextAsync(trusted);
        var otherKey = Convert.ToBase64String(new byte[32]);
        await File.WriteAllTextAsync(trusted, System.Text.RegularExpressions.Regex.Replace(text, "\"publicKey\": \"[^\"]+\"", $"\"publicKey\": \"{otherKey}\""));

        var (code, output) = await CliRun.RunAsync(CliRun.Online(gateway, "audit", "verify", "--trusted", trusted));

        Assert.True(code == 1, output);
        Assert.Contains("FAIL signing key", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingServerIsAUsageError()
    {
        var (code, output) = await CliRun.RunAsync("audit", "verify", "--key", "x");

        Assert.Equal(2, code);
        Assert.Contains("--server", output, StringComparison.Ordinal);
    }
}
