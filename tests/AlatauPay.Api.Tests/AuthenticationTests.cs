using System.Net;
using System.Net.Http.Headers;

namespace AlatauPay.Api.Tests;

public sealed class AuthenticationTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Theory]
    [InlineData("GET", "/v1/departments")]
    [InlineData("POST", "/v1/departments")]
    [InlineData("GET", "/v1/departments/water")]
    [InlineData("GET", "/v1/invoices")]
    [InlineData("POST", "/v1/invoices")]
    [InlineData("GET", "/v1/invoices/inv_00000000000000000000000000")]
    [InlineData("POST", "/v1/invoices/inv_00000000000000000000000000/cancel")]
    public async Task EveryEndpointRefusesARequestWithoutAKey(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        var response = await gateway.Anonymous.SendAsync(request);

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("Bearer wrong-key")]
    [InlineData("Bearer ")]
    [InlineData("Basic dGVzdDp0ZXN0")]
    [InlineData("Bearer test-admin-key-3f9a1c-and-more")]
    public async Task RefusesAWrongKey(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/invoices");
        request.Headers.TryAddWithoutValidation("Authorization", header);

        var response = await gateway.Anonymous.SendAsync(request);

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task AdmitsTheBootstrapKey()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/invoices");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayHost.AdminKey);

        var response = await gateway.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
