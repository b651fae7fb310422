using System.Net;
using AlatauPay.Api.Errors;
using AlatauPay.Fuzz;
using Xunit.Abstractions;

namespace AlatauPay.Api.Tests;

/// <summary>
/// Issue 9's hostile-input run against the PostgreSQL store, bounded, and the regression tests for what the
/// full run on PostgreSQL found: U+0000 in a query value or a body string made PostgreSQL refuse the
/// statement (<c>22021 invalid byte sequence</c>) and the request a 500.
/// </summary>
public sealed class PostgresHostileInputTests(PostgresGateway gateway, ITestOutputHelper output) : IClassFixture<PostgresGateway>
{
    [Fact]
    public async Task TwoThousandHostileRequestsOnPostgresGetProblemDocumentsAndWriteOnlyWhatTheyAcknowledge()
    {
        await using var target = await FuzzGateway.StartAsync(FuzzStore.Postgres, CancellationToken.None);

        // Slow clients test the transport, which does not depend on the store: the SQLite run has them.
        var report = await FuzzRun.RunAsync(target, new FuzzOptions(Requests: 2_000, Seed: 20261129, SlowClients: 0), CancellationToken.None);

        output.WriteLine(report.ToText());
        Assert.Equal(2_000, report.Sent);
        Assert.True(report.Succeeded, report.ToText());
        Assert.True(report.Count(Outcome.Accepted) > 0, "some inputs happen to be valid and are accepted");
    }

    [Theory]
    [InlineData("/v1/events?startingAfter=%00", "startingAfter")]
    [InlineData("/v1/webhooks?startingAfter=inv_%00", "startingAfter")]
    [InlineData("/v1/api-keys?startingAfter=key_%00x", "startingAfter")]
    [InlineData("/v1/invoices?limit=10&department=water%00", "department")]
    public async Task ANulCharacterInAQueryValueIsRefusedNotA500(string path, string field)
    {
        // Found by the fuzzer on PostgreSQL (seed 1, request 386: GET /v1/events?startingAfter=%00).
        var response = await gateway.Client.GetAsync(path);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, NoNulCharacters.Code, field);
    }

    [Fact]
    public async Task ANulCharacterInABodyStringIsRefusedAndNothingIsWritten()
    {
        await gateway.Client.CreateDepartmentAsync("nul-body");
        var before = await (await gateway.Client.GetAsync("/v1/invoices?limit=100")).ExpectAsync(HttpStatusCode.OK);
        var invoice = Requests.Invoice("nul-body");
        invoice["payer"]!["name"] = "Aigerim\0";

        var response = await gateway.Client.PostJsonAsync("/v1/invoices", invoice.ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, NoNulCharacters.Code, "payer.name");
        var after = await (await gateway.Client.GetAsync("/v1/invoices?limit=100")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before["data"]!.AsArray().Count, after["data"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("""{"a":"\u0000"}""", "a")]
    [InlineData("""{"payer":{"account":"A","name":"x\u0000y"}}""", "payer.name")]
    [InlineData("""{"methods":["BTC","\u0000"]}""", "methods[1]")]
    [InlineData("""{"services":[{"code":"a"},{"code":"b","name":"\u0000"}]}""", "services[1].name")]
    [InlineData("""{"metadata":{"k\u0000":"v"}}""", "metadata.k\\u0000")]
    [InlineData("""["\u0000"]""", "[0]")]
    public void TheRefusalNamesTheFieldHoldingTheCharacter(string json, string field) =>
        Assert.Equal(field, NoNulCharacters.FirstNulIn(System.Text.Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"a":"\\u0000"}""")]
    [InlineData("""{"a":"\u0001"}""")]
    [InlineData("""{"a" "\u0000"}""")]
    public void AnEscapedBackslashOrAnotherControlCharacterOrMalformedJsonIsNotRefusedHere(string json) =>
        Assert.Null(NoNulCharacters.FirstNulIn(System.Text.Encoding.UTF8.GetBytes(json)));
}
