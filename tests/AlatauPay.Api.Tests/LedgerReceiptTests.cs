using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AlatauPay.Domain.Ledger.Transparency;
using AlatauPay.Signing;

namespace AlatauPay.Api.Tests;

/// <summary>A settled invoice's receipt: signed, and carrying its own proof that the settlement is in the signed log.</summary>
public sealed class LedgerReceiptTests(GatewayHost gateway) : IClassFixture<GatewayHost>, IAsyncLifetime
{
    public Task InitializeAsync() => gateway.EnsureDepartmentAsync("receipts");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ASettledInvoicesReceiptIsSignedAndProvesItsEntry()
    {
        await gateway.SettledInvoiceAsync("receipts");
        var id = await gateway.SettledInvoiceAsync("receipts", "0.00030000");
        await gateway.SettledInvoiceAsync("receipts");

        var envelope = await gateway.GetOkAsync($"/v1/invoices/{id}/receipt");

        var receipt = envelope["receipt"]!.AsObject();
        var publicKey = Convert.FromBase64String(envelope["publicKey"]!.GetValue<string>());
        Assert.True(Ed25519Signatures.Verify(publicKey, CanonicalJson.Serialize(JsonNode.Parse(receipt.ToJsonString())), Convert.FromBase64String(envelope["signature"]!.GetValue<string>())));
        Assert.Equal(id, receipt["invoiceId"]!.GetValue<string>());
        Assert.Equal("0.00030000", receipt["paid"]![0]!["value"]!.GetValue<string>());
        var entry = receipt["ledgerEntry"]!;
        var head = receipt["treeHead"]!;
        var leafHash = MerkleHash.Leaf(Convert.FromBase64String(entry["canonical"]!.GetValue<string>()));
        var proof = receipt["inclusionProof"]!.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>())).ToList();
        Assert.True(MerkleVerifier.VerifyInclusion(
            entry["leafIndex"]!.GetValue<long>(), head["treeSize"]!.GetValue<long>(), leafHash, proof, Convert.FromHexString(head["rootHash"]!.GetValue<string>())));
        var signedHead = Encoding.UTF8.GetBytes($"alatau-pay ledger tree head v1\n{head["treeSize"]}\n{head["rootHash"]}\n{head["timestamp"]}\n");
        Assert.True(Ed25519Signatures.Verify(publicKey, signedHead, Convert.FromBase64String(head["signature"]!.GetValue<string>())));
    }

    [Fact]
    public async Task AnUnsettledInvoiceHasNoReceipt()
    {
        var id = (await gateway.Client.CreateInvoiceAsync("receipts"))["id"]!.GetValue<string>();

        var response = await gateway.Client.GetAsync($"/v1/invoices/{id}/receipt");

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "invoice-not-settled");
    }

    [Fact]
    public async Task AnUnknownInvoiceHasNoReceipt()
    {
        var response = await gateway.Client.GetAsync("/v1/invoices/inv_00000000000000000000000000/receipt");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "invoice-not-found");
    }
}
