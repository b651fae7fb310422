using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AlatauPay.Fuzz;
using AlatauPay.Testing;
using Xunit.Abstractions;

namespace AlatauPay.Api.Tests;

/// <summary>
/// Issue 9's hostile-input run, bounded: the seeded fuzzer of <c>tests/AlatauPay.Fuzz</c> against the
/// real gateway, and a regression test for each failure a full run found.
/// </summary>
public sealed class HostileInputTests(GatewayHost gateway, ITestOutputHelper output) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task FiveThousandHostileRequestsGetProblemDocumentsAndWriteOnlyWhatTheyAcknowledge()
    {
        await using var target = await FuzzGateway.StartAsync(CancellationToken.None);

        var report = await FuzzRun.RunAsync(target, new FuzzOptions(Requests: 5_000, Seed: 20261129, SlowClients: 1), CancellationToken.None);

        output.WriteLine(report.ToText());
        Assert.Equal(5_000, report.Sent);
        Assert.True(report.Succeeded, report.ToText());
        Assert.True(report.Count(Outcome.Problem) > 2_500, "most hostile requests reach the application and are refused there");
        Assert.True(report.Count(Outcome.Accepted) > 0, "some inputs happen to be valid and are accepted");
    }

    [Fact]
    public void TheFuzzerCoversEveryOperationOfTheOpenApiContract()
    {
        var contract = JsonNode.Parse(File.ReadAllText(Contracts.OpenApiPath))!["paths"]!.AsObject();
        var operations = contract.SelectMany(path => path.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {path.Key}")).ToHashSet();

        var fuzzed = Endpoint.All.Select(e => $"{e.Method} {e.Template}").ToHashSet();

        Assert.Empty(operations.Except(fuzzed));
        Assert.Contains("GET /pay/{id}/events", fuzzed);
        Assert.Contains("GET /metrics", fuzzed);
    }

    [Theory]
    [InlineData("application/json; charset=\"utf-7\"")]
    [InlineData("application/json; charset=no-such-charset")]
    [InlineData("application/json; charset=utf-16")]
    public async Task ABodyInACharsetOtherThanUtf8IsRefusedWith415(string contentType)
    {
        // Found by the fuzzer (seed 1): an unknown charset made the framework's transcoder throw, a 500.
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(RequestBodies.Department("charset-case")));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await gateway.Client.PostAsync("/v1/departments", content);

        await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType, "charset-unsupported");
        var missing = await gateway.Client.GetAsync("/v1/departments/charset-case");
        await missing.ExpectProblemAsync(HttpStatusCode.NotFound, "department-not-found");
    }

    [Theory]
    [InlineData("application/json; charset=UTF-8", "charset-upper")]
    [InlineData("application/json; charset=\"utf-8\"", "charset-quoted")]
    [InlineData("application/json; charset=utf8", "charset-utf8")]
    [InlineData("application/json; charset=\"UTF8\"", "charset-quoted-utf8")]
    public async Task ABodyDeclaredAsUtf8UnderAnySpellingIsAccepted(string contentType, string code)
    {
        // Found by review: a quoted charset, or "utf8", passed the charset check and then made the framework's
        // reader throw on a name Encoding.GetEncoding does not know, a 500.
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(RequestBodies.Department(code)));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await gateway.Client.PostAsync("/v1/departments", content);

        await response.ExpectAsync(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData(new byte[] { 0xff, 0xfe })]
    [InlineData(new byte[] { 0xc3 })]
    public async Task AStringThatIsNotValidUtf8IsMalformedJsonNotAWrongType(byte[] inside)
    {
        // Found by a black-box probe: invalid UTF-8 in a string was reported as invalid-type, "the wrong JSON type".
        var body = Encoding.UTF8.GetBytes(RequestBodies.Department("bad-text")).ToList();
        var name = Encoding.UTF8.GetBytes("\"name\":\"");
        var at = Enumerable.Range(0, body.Count - name.Length).First(i => body.Skip(i).Take(name.Length).SequenceEqual(name)) + name.Length;
        body.InsertRange(at, inside);
        var content = new ByteArrayContent([.. body]);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        var response = await gateway.Client.PostAsync("/v1/departments", content);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "malformed-json", "name");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json;;;")]
    public async Task ABodyWithoutAUsableContentTypeIsRefusedWith415AndItsCode(string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(RequestBodies.Department("no-media-type")));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var response = await gateway.Client.PostAsync("/v1/departments", content);

        await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Theory]
    [InlineData("/v1/departments", """{"code":"null-service","name":"N","services":[null],"wallets":{}}""", "service-required")]
    [InlineData("/v1/departments", """{"code":"null-service","name":"N","services":[{"code":"ok","name":"Ok"},null],"wallets":{}}""", "service-required")]
    [InlineData("/v1/departments", """{"code":"null-wallet","name":"N","services":[{"code":"ok","name":"Ok"}],"wallets":{"BTC":null}}""", "wallet-key-required")]
    [InlineData("/v1/invoices", """{"department":"water","service":"cold-water","payer":{"account":"A"},"amount":{"currency":"KZT","value":"1.00"},"methods":[null]}""", null)]
    [InlineData("/v1/webhooks", """{"url":"http://127.0.0.1:9/hook","eventTypes":[null],"departments":null}""", "event-type-unknown")]
    [InlineData("/v1/api-keys", """{"scopes":[null],"departments":[null]}""", "scope-unknown")]
    public async Task ANullWhereAnArrayOrMapHoldsObjectsIsRefusedNotA500(string path, string body, string? code)
    {
        // Found by the fuzzer (seed 1, request 88324): "services":[null] reached the handler and threw.
        var response = await gateway.Client.PostJsonAsync(path, body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        if (code is not null)
        {
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, code);
        }
    }
}
