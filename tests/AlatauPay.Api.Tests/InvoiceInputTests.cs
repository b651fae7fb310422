using System.Net;
using System.Text.Json.Nodes;

namespace AlatauPay.Api.Tests;

/// <summary>Every bad invoice request gets a 400 naming the field and the rule, and leaves nothing behind.</summary>
public sealed class InvoiceInputTests(GatewayHost gateway) : IClassFixture<GatewayHost>, IAsyncLifetime
{
    private const string Department = "strict";

    public async Task InitializeAsync()
    {
        var response = await gateway.Client.PostJsonAsync("/v1/departments", Requests.Department(Department).ToJsonString());
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict);
        var btcOnly = Requests.Department("btc-only");
        btcOnly["wallets"]!.AsObject().Remove("LTC");
        response = await gateway.Client.PostJsonAsync("/v1/departments", btcOnly.ToJsonString());
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, string> BrokenFields => new()
    {
        { "department", "null", "department-required" },
        { "department", "\"no-such-department\"", "department-not-found" },
        { "department", "\"WATER\"", "department-code-invalid" },
        { "service", "\"Cold-Water\"", "service-code-invalid" },
        { "service", "null", "service-required" },
        { "service", "\"sewage\"", "service-not-found" },
        { "payer", "null", "payer-required" },
        { "payer.account", "\"\"", "payer-account-invalid" },
        { "payer.account", "\"ACC 1001; DROP TABLE invoices\"", "payer-account-invalid" },
        { "amount", "null", "amount-required" },
        { "amount.currency", "\"USD\"", "amount-currency-unsupported" },
        { "amount.value", "\"0\"", "amount-not-positive" },
        { "amount.value", "\"-5.00\"", "amount-not-positive" },
        { "amount.value", "\"12345.678\"", "amount-too-precise" },
        { "amount.value", "\"10000000000.01\"", "amount-too-large" },
        { "amount.value", "\"99999999999999999999999999999999999999999999999\"", "amount-too-large" },
        { "amount.value", "\"1e5\"", "amount-malformed" },
        { "amount.value", "\"12 345,67\"", "amount-malformed" },
        { "amount.value", "12345.67", "invalid-type" },
        { "methods", "[]", "methods-required" },
        { "methods[0]", "[\"XRP\"]", "payment-method-unknown" },
        { "methods[0]", "[\"KZT\"]", "payment-method-unknown" },
        { "methods[0]", "[\"ETH\"]", "payment-method-unavailable" },
        { "methods", "[\"BTC\", \"BTC\"]", "payment-method-duplicate" },
        { "expiresInMinutes", "0", "expiry-out-of-range" },
        { "expiresInMinutes", "50000", "expiry-out-of-range" },
        { "expiresInMinutes", "\"30\"", "invalid-type" },
        { "description", $"\"{new string('d', 501)}\"", "description-too-long" },
        { "nickname", "\"typo\"", "unknown-field" },
        { "Description", "\"the case differs\"", "unknown-field" },
        { "payer.phone", "\"+77001234567\"", "unknown-field" },
    };

    [Theory]
    [MemberData(nameof(BrokenFields))]
    public async Task RefusesABrokenFieldAndWritesNothing(string field, string json, string code)
    {
        var body = Requests.Invoice(Department);
        var path = field.Replace("[0]", "", StringComparison.Ordinal).Split('.');
        var parent = path.Length == 1 ? body : body[path[0]]!.AsObject();
        parent[path[^1]] = JsonNode.Parse(json);

        var response = await gateway.Client.PostJsonAsync("/v1/invoices", body.ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, code, field);
        await AssertNothingWrittenAsync(Department);
    }

    [Fact]
    public async Task RefusesMetadataBeyondItsLimits()
    {
        var body = Requests.Invoice(Department);
        var metadata = new JsonObject();
        for (var i = 0; i < 51; i++)
        {
            metadata[$"key{i}"] = "value";
        }

        body["metadata"] = metadata;

        var response = await gateway.Client.PostJsonAsync("/v1/invoices", body.ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "metadata-too-large", "metadata");
    }

    [Theory]
    [InlineData("""{"ref":null}""", "metadata.ref", "invalid-type")]
    [InlineData("""{"ref":"ok","note":null}""", "metadata.note", "invalid-type")]
    [InlineData("""{"":"x"}""", "metadata", "metadata-too-large")]
    [InlineData("""{"ref":"LONG"}""", "metadata.ref", "metadata-too-large")]
    public async Task RefusesMetadataThatIsNotAFlatMapOfShortStringsNamingTheKey(string metadata, string field, string code)
    {
        // Found by review: a null value was stored and sent in webhooks, whose published schema says string.
        var body = Requests.Invoice(Department);
        body["metadata"] = JsonNode.Parse(metadata.Replace("LONG", new string('v', 501), StringComparison.Ordinal));

        var response = await gateway.Client.PostJsonAsync("/v1/invoices", body.ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, code, field);
        await AssertNothingWrittenAsync(Department);
    }

    [Theory]
    [InlineData("{\"department\": ", "malformed-json")]
    [InlineData("[1, 2, 3]", "invalid-type")]
    [InlineData("{\"department\": \"strict\", \"department\": \"water\"}", "duplicate-field")]
    [InlineData("", "body-required")]
    public async Task RefusesABodyThatIsNotAnInvoice(string json, string code)
    {
        var response = await gateway.Client.PostJsonAsync("/v1/invoices", json);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, code);
        await AssertNothingWrittenAsync(Department);
    }

    [Fact]
    public async Task RefusesABodyOverSixtyFourKibibytes()
    {
        var body = Requests.Invoice(Department);
        body["description"] = new string('x', 70 * 1024);

        var response = await gateway.Client.PostJsonAsync("/v1/invoices", body.ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        await AssertNothingWrittenAsync(Department);
    }

    [Fact]
    public async Task AMethodTheDepartmentCannotTakeLeavesNoAddressTaken()
    {
        var response = await gateway.Client.PostJsonAsync("/v1/invoices", Requests.Invoice("btc-only", "100.00", "BTC", "LTC").ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "payment-method-unavailable", "methods[1]");
        await AssertNothingWrittenAsync("btc-only");
        var department = await (await gateway.Client.GetAsync("/v1/departments/btc-only")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, department["wallets"]!["BTC"]!["addressesIssued"]!.GetValue<long>());
    }

    private async Task AssertNothingWrittenAsync(string department)
    {
        var page = await (await gateway.Client.GetAsync($"/v1/invoices?department={department}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(page["data"]!.AsArray());
    }
}
