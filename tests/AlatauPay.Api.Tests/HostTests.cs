using System.Net;

namespace AlatauPay.Api.Tests;

public sealed class HostTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task PublishesAnOpenApiDocumentNamingEveryEndpoint()
    {
        var document = await (await gateway.Anonymous.GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);

        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/v1/departments", paths);
        Assert.Contains("/v1/departments/{code}", paths);
        Assert.Contains("/v1/invoices", paths);
        Assert.Contains("/v1/invoices/{id}", paths);
        Assert.Contains("/v1/invoices/{id}/cancel", paths);
    }

    [Fact]
    public async Task ServesABrowsableApiReference()
    {
        var response = await gateway.Anonymous.GetAsync("/docs/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsLive()
    {
        var body = await (await gateway.Anonymous.GetAsync("/health/live")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("healthy", body["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthAnswersGetAndHeadAndRefusesOtherMethods(string path)
    {
        // Found by a black-box probe: DELETE, PUT and TRACE on /health/* were answered 200.
        var head = await gateway.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        var delete = await gateway.Anonymous.DeleteAsync(path);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        await delete.ExpectProblemAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Theory]
    [InlineData("/v1/departments", HttpStatusCode.OK)]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK)]
    [InlineData("/v1/invoices/inv_00000000000000000000000000", HttpStatusCode.NotFound)]
    [InlineData("/v1/invoices/inv_00000000000000000000000000/cancel", HttpStatusCode.MethodNotAllowed)]
    public async Task HeadIsAnsweredWhereverGetIsWithItsStatusAndNoBody(string path, HttpStatusCode status)
    {
        // Found by a black-box probe: every GET route answered HEAD with 405 (RFC 9110 asks for HEAD wherever GET is).
        var head = await gateway.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        var get = await gateway.Client.GetAsync(path);

        Assert.Equal(status, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(status, get.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task IsReadyWhenStorageAnswers()
    {
        var body = await (await gateway.Anonymous.GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("healthy", body["checks"]!["storage"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AChainWithANetworkButNoNodeIssuesAddressesButSaysItIsNotWatched()
    {
        var chains = await (await gateway.Client.GetAsync("/v1/chains")).ExpectAsync(HttpStatusCode.OK);

        var ltc = chains.AsArray().Single(c => c!["chain"]!.GetValue<string>() == "LTC")!;
        Assert.False(ltc["watched"]!.GetValue<bool>());
        var ready = await (await gateway.Anonymous.GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(ready["checks"]!["chains"]!["data"]!["LTC"]!["watched"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnUnknownRouteIsAProblemDocument()
    {
        var response = await gateway.Client.GetAsync("/v1/nothing-here");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task AWrongMethodIsAProblemDocument()
    {
        var response = await gateway.Client.DeleteAsync("/v1/invoices");

        await response.ExpectProblemAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }
}
