using System.Net;
using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Api.Tests;

/// <summary>The gateway end to end over HTTP with PostgreSQL as its store: the merchant's path from department to settled invoice.</summary>
public sealed class PostgresGatewayTests(PostgresGateway gateway) : IClassFixture<PostgresGateway>, IAsyncLifetime
{
    public Task InitializeAsync() => gateway.EnsureDepartmentAsync("water");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task IsReadyAndSaysItsStoreIsPostgres()
    {
        var ready = await (await gateway.Anonymous.GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("healthy", ready["checks"]!["storage"]!["status"]!.GetValue<string>());
        Assert.StartsWith("postgres", ready["checks"]!["storage"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatesListsAndGetsInvoicesWithAddressesInOrder()
    {
        await gateway.Client.CreateDepartmentAsync("pg-derivation");

        var first = await gateway.Client.CreateInvoiceAsync("pg-derivation");
        var second = await gateway.Client.CreateInvoiceAsync("pg-derivation");

        Assert.Equal(TestKeys.ExpectedRegtestAddress("pg-derivation", 0), first["paymentMethods"]![0]!["destination"]!.GetValue<string>());
        Assert.Equal(TestKeys.ExpectedRegtestAddress("pg-derivation", 1), second["paymentMethods"]![0]!["destination"]!.GetValue<string>());
        var list = await gateway.GetOkAsync("/v1/invoices?department=pg-derivation");
        Assert.Equal([second["id"]!.GetValue<string>(), first["id"]!.GetValue<string>()], list["data"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        var fetched = await gateway.GetOkAsync($"/v1/invoices/{first["id"]}");
        Assert.Equal(first.ToJsonString(), fetched.ToJsonString());
    }

    [Fact]
    public async Task ConcurrentInvoicesOfOneDepartmentGetDistinctAddresses()
    {
        await gateway.Client.CreateDepartmentAsync("pg-concurrent");

        var invoices = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => gateway.Client.CreateInvoiceAsync("pg-concurrent")));

        var addresses = invoices.SelectMany(i => i["paymentMethods"]!.AsArray().Select(m => m!["destination"]!.GetValue<string>())).ToList();
        Assert.Equal(addresses.Count, addresses.Distinct().Count());
        var department = await gateway.GetOkAsync("/v1/departments/pg-concurrent");
        Assert.Equal(12, department["wallets"]!["BTC"]!["addressesIssued"]!.GetValue<long>());
    }

    [Fact]
    public async Task ARetriedPostIsReplayedFromTheStore()
    {
        var body = Requests.Invoice("water").ToJsonString();
        using var first = new HttpRequestMessage(HttpMethod.Post, "/v1/invoices") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        first.Headers.Add("Idempotency-Key", "pg-replay-1");
        using var retry = new HttpRequestMessage(HttpMethod.Post, "/v1/invoices") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        retry.Headers.Add("Idempotency-Key", "pg-replay-1");

        var created = await (await gateway.RawClient.SendAsync(first)).ExpectAsync(HttpStatusCode.Created);
        var replayed = await (await gateway.RawClient.SendAsync(retry)).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(created.ToJsonString(), replayed.ToJsonString());
    }

    [Fact]
    public async Task SettlingPostsOneEntryThatIsProvablyInTheSignedTree()
    {
        var id = await gateway.SettledInvoiceAsync("water");
        var again = await gateway.SettleAsync(id, LedgerScenario.Due);

        Assert.True(again.AlreadySettled);
        var invoice = await gateway.GetOkAsync($"/v1/invoices/{id}");
        Assert.Equal("settled", invoice["status"]!.GetValue<string>());
        var head = await gateway.GetOkAsync("/v1/ledger/tree-head");
        var size = head["treeSize"]!.GetValue<long>();
        var entries = await gateway.GetOkAsync($"/v1/ledger/entries?invoice={id}");
        var entry = Assert.Single(entries["data"]!.AsArray())!;
        var proof = await gateway.GetOkAsync($"/v1/ledger/entries/{entry["id"]}/proof?treeSize={size}");
        var leafHash = MerkleHash.Leaf(Convert.FromBase64String(entry["canonical"]!.GetValue<string>()));
        var path = proof["auditPath"]!.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>())).ToList();
        Assert.True(MerkleVerifier.VerifyInclusion(proof["leafIndex"]!.GetValue<long>(), size, leafHash, path, Convert.FromHexString(head["rootHash"]!.GetValue<string>())));
    }
}
