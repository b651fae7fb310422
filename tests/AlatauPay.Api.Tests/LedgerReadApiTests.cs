using System.Net;
using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Api.Tests;

/// <summary>The auditor's read API: accounts, balances as of a time, the filtered journal, the invoice trail.</summary>
public sealed class LedgerReadApiTests(GatewayHost gateway) : IClassFixture<GatewayHost>, IAsyncLifetime
{
    public Task InitializeAsync() => gateway.EnsureDepartmentAsync("audit");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ABalanceAsOfATimeCountsOnlyWhatWasEffectiveByThen()
    {
        await gateway.EnsureDepartmentAsync("asof");
        var now = gateway.Clock.GetUtcNow();
        await gateway.SettledInvoiceAsync("asof", effectiveAt: now.AddDays(-2));
        await gateway.SettledInvoiceAsync("asof", effectiveAt: now.AddHours(-1));

        var before = await gateway.GetOkAsync($"/v1/ledger/accounts/revenue:asof:cold-water/balance?asOf={LedgerScenario.Q(now.AddDays(-1))}");
        var after = await gateway.GetOkAsync("/v1/ledger/accounts/revenue:asof:cold-water/balance");
        var recorded = await gateway.GetOkAsync($"/v1/ledger/accounts/revenue:asof:cold-water/balance?asOf={LedgerScenario.Q(now.AddDays(-1))}&basis=recorded");

        Assert.Equal("-12345.67", before["balances"]![0]!["balance"]!.GetValue<string>());
        Assert.Equal("24691.34", after["balances"]![0]!["credits"]!.GetValue<string>());
        Assert.Equal("-24691.34", after["balances"]![0]!["balance"]!.GetValue<string>());
        Assert.Equal("recorded", recorded["basis"]!.GetValue<string>());
        Assert.Empty(recorded["balances"]!.AsArray());
    }

    [Fact]
    public async Task ListsTheAccountsTheLedgerHasUsed()
    {
        await gateway.SettledInvoiceAsync("audit", "0.00030000");

        var accounts = await gateway.GetOkAsync("/v1/ledger/accounts?limit=100");

        var names = accounts["data"]!.AsArray().Select(a => a!["account"]!.GetValue<string>()).ToList();
        Assert.Contains("assets:crypto:BTC:audit", names);
        Assert.Contains("liabilities:payer-credit:BTC:audit:ACC-1001", names);
        Assert.Contains("trading:KZT", names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        var revenue = accounts["data"]!.AsArray().Single(a => a!["account"]!.GetValue<string>() == "revenue:audit:cold-water");
        Assert.Equal("revenue", revenue!["type"]!.GetValue<string>());
        Assert.Equal(["KZT"], revenue["currencies"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public async Task TheJournalFiltersByInvoiceAndAccountAndPagesByCursor()
    {
        await gateway.EnsureDepartmentAsync("journal");
        var invoices = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            invoices.Add(await gateway.SettledInvoiceAsync("journal"));
        }

        var byInvoice = await gateway.GetOkAsync($"/v1/ledger/entries?invoice={invoices[2]}");
        var seen = new List<long>();
        var cursor = "";
        do
        {
            var page = await gateway.GetOkAsync($"/v1/ledger/entries?account=revenue:journal:cold-water&limit=2{cursor}");
            var ids = page["data"]!.AsArray().Select(e => e!["id"]!.GetValue<long>()).ToList();
            seen.AddRange(ids);
            cursor = page["hasMore"]!.GetValue<bool>() ? $"&startingAfter={ids[^1]}" : "";
        }
        while (cursor.Length > 0);

        var entry = Assert.Single(byInvoice["data"]!.AsArray())!;
        Assert.Equal($"settle:{invoices[2]}", entry["key"]!.GetValue<string>());
        Assert.Equal(5, seen.Count);
        Assert.Equal(seen.Order(), seen);
        var canonical = Convert.FromBase64String(entry["canonical"]!.GetValue<string>());
        Assert.Equal(MerkleHash.ToHex(MerkleHash.Leaf(canonical)), entry["leafHash"]!.GetValue<string>());
        Assert.Contains($"\"invoiceId\":\"{invoices[2]}\"", System.Text.Encoding.UTF8.GetString(canonical), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTrailShowsQuoteEntriesAndStateChanges()
    {
        var id = await gateway.SettledInvoiceAsync("audit");

        var trail = await gateway.GetOkAsync($"/v1/invoices/{id}/trail");

        Assert.Equal(id, trail["invoice"]!["id"]!.GetValue<string>());
        Assert.Equal(["BTC", "LTC"], trail["quotes"]!.AsArray().Select(q => q!["method"]!.GetValue<string>()));
        Assert.Equal($"settle:{id}", Assert.Single(trail["ledgerEntries"]!.AsArray())!["key"]!.GetValue<string>());
        Assert.Equal(["new", "settled"], trail["stateChanges"]!.AsArray().Select(s => s!["status"]!.GetValue<string>()));
        Assert.Empty(trail["observations"]!.AsArray());
    }

    [Theory]
    [InlineData("/v1/ledger/accounts/revenue:nobody:nothing/balance", HttpStatusCode.NotFound, "account-not-found", null)]
    [InlineData("/v1/ledger/entries/424242", HttpStatusCode.NotFound, "entry-not-found", null)]
    [InlineData("/v1/invoices/inv_00000000000000000000000000/trail", HttpStatusCode.NotFound, "invoice-not-found", null)]
    [InlineData("/v1/ledger/accounts/trading:KZT/balance?asOf=yesterday", HttpStatusCode.BadRequest, "as-of-malformed", "asOf")]
    [InlineData("/v1/ledger/accounts/trading:KZT/balance?asOf=2026-11-29", HttpStatusCode.BadRequest, "as-of-malformed", "asOf")]
    [InlineData("/v1/ledger/accounts/trading:KZT/balance?asOf=2999-01-01T00:00:00Z", HttpStatusCode.BadRequest, "as-of-in-future", "asOf")]
    [InlineData("/v1/ledger/accounts/trading:KZT/balance?basis=booked", HttpStatusCode.BadRequest, "basis-invalid", "basis")]
    [InlineData("/v1/ledger/trial-balance?asOf=2999-01-01T00:00:00%2B05:00", HttpStatusCode.BadRequest, "as-of-in-future", "asOf")]
    [InlineData("/v1/ledger/entries?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", HttpStatusCode.BadRequest, "time-range-invalid", "from")]
    [InlineData("/v1/ledger/entries?account=NOT%20AN%20ACCOUNT", HttpStatusCode.BadRequest, "account-invalid", "account")]
    [InlineData("/v1/ledger/entries?startingAfter=999999", HttpStatusCode.BadRequest, "cursor-not-found", "startingAfter")]
    [InlineData("/v1/ledger/entries?limit=0", HttpStatusCode.BadRequest, "limit-out-of-range", "limit")]
    [InlineData("/v1/ledger/export?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", HttpStatusCode.BadRequest, "time-range-invalid", "from")]
    [InlineData("/v1/ledger/export?format=xlsx", HttpStatusCode.BadRequest, "format-invalid", "format")]
    [InlineData("/v1/ledger/export?format=jsonl&treeSize=99999999", HttpStatusCode.BadRequest, "tree-size-too-large", "treeSize")]
    public async Task RefusesBadInputWithAProblem(string path, HttpStatusCode status, string code, string? field)
    {
        await gateway.SettledInvoiceAsync("audit");

        var response = await gateway.Client.GetAsync(path);

        await response.ExpectProblemAsync(status, code, field);
    }

    [Theory]
    [InlineData("/v1/ledger/accounts")]
    [InlineData("/v1/ledger/tree-head")]
    [InlineData("/v1/ledger/export")]
    [InlineData("/v1/ledger/entries/1/proof")]
    [InlineData("/v1/invoices/inv_00000000000000000000000000/receipt")]
    public async Task TheLedgerNeedsAKey(string path)
    {
        var response = await gateway.Anonymous.GetAsync(path);

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
