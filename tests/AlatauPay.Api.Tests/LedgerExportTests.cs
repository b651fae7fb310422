using System.Net;

namespace AlatauPay.Api.Tests;

public sealed class LedgerExportTests(GatewayHost gateway) : IClassFixture<GatewayHost>, IAsyncLifetime
{
    public Task InitializeAsync() => gateway.EnsureDepartmentAsync("export");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheCsvHasOneLinePerPostingWithTheKztValueAtTheLockedRate()
    {
        var now = gateway.Clock.GetUtcNow();
        var id = await gateway.SettledInvoiceAsync("export", "0.00030000", now.AddMinutes(-5));

        var response = await gateway.Client.GetAsync($"/v1/ledger/export?format=csv&from={LedgerScenario.Q(now.AddMinutes(-6))}&to={LedgerScenario.Q(now.AddMinutes(-4))}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal("entry_id,recorded_at,effective_at,account,debit,credit,currency,amount_kzt,invoice_id,chain_reference,idempotency_key", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(5, rows.Count);
        Assert.All(rows, r => Assert.Equal($"settle:{id}", r[10]));
        var asset = rows.Single(r => r[3] == "assets:crypto:BTC:export");
        Assert.Equal(["0.00030000", "", "BTC", "14250.00", id], asset[4..9]);
        var revenue = rows.Single(r => r[3] == "revenue:export:cold-water");
        Assert.Equal(["", "12345.67", "KZT", "12345.67"], revenue[4..8]);
    }

    [Fact]
    public async Task TheJsonlExportCarriesEachLeafsCanonicalBytes()
    {
        await gateway.SettledInvoiceAsync("export");
        var head = await gateway.GetOkAsync("/v1/ledger/tree-head");
        var size = head["treeSize"]!.GetValue<long>();

        var text = await gateway.Client.GetStringAsync($"/v1/ledger/export?format=jsonl&treeSize={size}");

        var lines = text.TrimEnd('\n').Split('\n').Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!).ToList();
        Assert.Equal(size, lines.Count);
        Assert.Equal(Enumerable.Range(0, (int)size).Select(i => (long)i), lines.Select(l => l["leafIndex"]!.GetValue<long>()));
        var streamed = new AlatauPay.Domain.Ledger.Transparency.CompactRange();
        foreach (var line in lines)
        {
            streamed.Append(AlatauPay.Domain.Ledger.Transparency.MerkleHash.Leaf(Convert.FromBase64String(line["canonical"]!.GetValue<string>())));
        }

        Assert.Equal(head["rootHash"]!.GetValue<string>(), AlatauPay.Domain.Ledger.Transparency.MerkleHash.ToHex(streamed.Root()));
    }
}
