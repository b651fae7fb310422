using System.Text.Json.Nodes;
using AlatauPay.Api.Tests;

namespace AlatauPay.Cli.Tests;

public sealed class AuditReceiptAndExportTests(GatewayHost gateway) : IClassFixture<GatewayHost>, IAsyncLifetime
{
    private readonly CliRun cli = new();

    public Task InitializeAsync() => gateway.EnsureDepartmentAsync("permits");

    public Task DisposeAsync()
    {
        cli.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AReceiptVerifiesOfflineUnderThePinnedKey()
    {
        var (path, key) = await SaveReceiptAsync();

        var (code, output) = await CliRun.RunAsync("audit", "verify-receipt", path, "--public-key", key);

        Assert.True(code == 0, output);
        Assert.Contains("ok   entry included in the signed tree", output, StringComparison.Ordinal);
        Assert.Contains("VERIFIED", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReceiptWithAnAlteredAmountFails()
    {
        var (path, key) = await SaveReceiptAsync();
        var receipt = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        receipt["receipt"]!["amount"]!["value"] = "1.00";
        await File.WriteAllTextAsync(path, receipt.ToJsonString());

        var (code, output) = await CliRun.RunAsync("audit", "verify-receipt", path, "--public-key", key);

        Assert.True(code == 1, output);
        Assert.Contains("FAIL receipt signature", output, StringComparison.Ordinal);
        Assert.Contains("FAIL entry carries the receipt's amounts", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReceiptUnderAnotherKeyFails()
    {
        var (path, _) = await SaveReceiptAsync();

        var (code, output) = await CliRun.RunAsync("audit", "verify-receipt", path, "--public-key", Convert.ToBase64String(new byte[32]));

        Assert.True(code == 1, output);
        Assert.Contains("FAIL signing key", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportsTheCsvToAFile()
    {
        await gateway.SettledInvoiceAsync("permits");
        var path = cli.PathOf("ledger.csv");

        var (code, output) = await CliRun.RunAsync(CliRun.Online(gateway, "audit", "export", "--out", path, "--basis", "recorded"));

        Assert.True(code == 0, output);
        var lines = await File.ReadAllLinesAsync(path);
        Assert.StartsWith("entry_id,recorded_at,", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("revenue:permits:cold-water", StringComparison.Ordinal));
    }

    private async Task<(string Path, string Key)> SaveReceiptAsync()
    {
        var id = await gateway.SettledInvoiceAsync("permits");
        await gateway.SettledInvoiceAsync("permits");
        var path = cli.PathOf($"{id}.json");
        await File.WriteAllTextAsync(path, await gateway.Client.GetStringAsync($"/v1/invoices/{id}/receipt"));
        var key = (await gateway.GetOkAsync("/v1/ledger/signing-key"))["publicKey"]!.GetValue<string>();
        return (path, key);
    }
}
