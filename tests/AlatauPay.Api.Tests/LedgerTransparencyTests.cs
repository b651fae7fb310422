using System.Net;
using System.Text;
using AlatauPay.Domain.Ledger.Transparency;
using AlatauPay.Signing;

namespace AlatauPay.Api.Tests;

/// <summary>The transparency log over HTTP: signed heads, inclusion and consistency proofs an outsider can check.</summary>
public sealed class LedgerTransparencyTests(GatewayHost gateway) : IClassFixture<GatewayHost>, IAsyncLifetime
{
    public Task InitializeAsync() => gateway.EnsureDepartmentAsync("tlog");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheTreeHeadIsSignedByTheAdvertisedKey()
    {
        await gateway.SettledInvoiceAsync("tlog");

        var head = await gateway.GetOkAsync("/v1/ledger/tree-head");
        var key = await gateway.GetOkAsync("/v1/ledger/signing-key");

        var publicKey = Convert.FromBase64String(key["publicKey"]!.GetValue<string>());
        Assert.Equal("Ed25519", key["algorithm"]!.GetValue<string>());
        Assert.Equal(SigningKeyId.For(publicKey), head["keyId"]!.GetValue<string>());
        Assert.Equal(16, head["keyId"]!.GetValue<string>().Length);
        Assert.True(Ed25519Signatures.Verify(publicKey, SignedBytes(head), Convert.FromBase64String(head["signature"]!.GetValue<string>())));
        Assert.Matches("^[0-9a-f]{64}$", head["rootHash"]!.GetValue<string>());
    }

    [Fact]
    public async Task EveryEntryIsProvablyInTheSignedTree()
    {
        await gateway.SettledInvoiceAsync("tlog");
        await gateway.SettledInvoiceAsync("tlog", "0.00030000");
        var head = await gateway.GetOkAsync("/v1/ledger/tree-head");
        var size = head["treeSize"]!.GetValue<long>();
        var root = Convert.FromHexString(head["rootHash"]!.GetValue<string>());

        var entries = await gateway.GetOkAsync("/v1/ledger/entries?limit=100");
        foreach (var entry in entries["data"]!.AsArray().Where(e => e!["leafIndex"]!.GetValue<long>() < size))
        {
            var proof = await gateway.GetOkAsync($"/v1/ledger/entries/{entry!["id"]}/proof?treeSize={size}");
            var leafHash = MerkleHash.Leaf(Convert.FromBase64String(entry["canonical"]!.GetValue<string>()));

            Assert.Equal(MerkleHash.ToHex(leafHash), proof["leafHash"]!.GetValue<string>());
            Assert.Equal(entry["leafHash"]!.GetValue<string>(), proof["leafHash"]!.GetValue<string>());
            var path = proof["auditPath"]!.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>())).ToList();
            Assert.True(MerkleVerifier.VerifyInclusion(proof["leafIndex"]!.GetValue<long>(), size, leafHash, path, root));
        }
    }

    [Fact]
    public async Task ALaterHeadIsProvablyAnExtensionOfAnEarlierOne()
    {
        await gateway.SettledInvoiceAsync("tlog");
        var first = await gateway.GetOkAsync("/v1/ledger/tree-head");
        await gateway.SettledInvoiceAsync("tlog");
        await gateway.SettledInvoiceAsync("tlog");
        var second = await gateway.GetOkAsync("/v1/ledger/tree-head");
        var (from, to) = (first["treeSize"]!.GetValue<long>(), second["treeSize"]!.GetValue<long>());

        var proof = await gateway.GetOkAsync($"/v1/ledger/consistency?from={from}&to={to}");

        Assert.Equal(from + 2, to);
        var hashes = proof["proof"]!.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>())).ToList();
        Assert.True(MerkleVerifier.VerifyConsistency(
            from, to, Convert.FromHexString(first["rootHash"]!.GetValue<string>()), Convert.FromHexString(second["rootHash"]!.GetValue<string>()), hashes));
    }

    [Fact]
    public async Task AnUnchangedTreeKeepsItsSignedHead()
    {
        var first = await gateway.GetOkAsync("/v1/ledger/tree-head");

        var second = await gateway.GetOkAsync("/v1/ledger/tree-head");

        Assert.Equal(first.ToJsonString(), second.ToJsonString());
    }

    [Theory]
    [InlineData("/v1/ledger/entries/999999/proof", HttpStatusCode.NotFound, "entry-not-found", null)]
    [InlineData("/v1/ledger/entries/not-a-number/proof", HttpStatusCode.NotFound, "entry-not-found", null)]
    [InlineData("/v1/ledger/entries/1/proof?treeSize=99999999", HttpStatusCode.BadRequest, "tree-size-too-large", "treeSize")]
    [InlineData("/v1/ledger/entries/1/proof?treeSize=0", HttpStatusCode.BadRequest, "tree-size-too-small", "treeSize")]
    [InlineData("/v1/ledger/entries/1/proof?treeSize=-1", HttpStatusCode.BadRequest, "tree-size-invalid", "treeSize")]
    [InlineData("/v1/ledger/consistency?from=1&to=99999999", HttpStatusCode.BadRequest, "tree-size-too-large", "to")]
    [InlineData("/v1/ledger/consistency?from=3&to=2", HttpStatusCode.BadRequest, "consistency-range-invalid", "from")]
    [InlineData("/v1/ledger/consistency?from=x&to=2", HttpStatusCode.BadRequest, "tree-size-invalid", "from")]
    [InlineData("/v1/ledger/consistency?to=2", HttpStatusCode.BadRequest, "tree-size-invalid", "from")]
    public async Task RefusesABadProofRequest(string path, HttpStatusCode status, string code, string? field)
    {
        await gateway.SettledInvoiceAsync("tlog");

        var response = await gateway.Client.GetAsync(path);

        await response.ExpectProblemAsync(status, code, field);
    }

    private static byte[] SignedBytes(System.Text.Json.Nodes.JsonNode head) => Encoding.UTF8.GetBytes(
        $"alatau-pay ledger tree head v1\n{head["treeSize"]}\n{head["rootHash"]}\n{CanonicalTime.ToText(head["timestamp"]!.GetValue<DateTimeOffset>())}\n");
}
