using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AlatauPay.Api.Auth;
using AlatauPay.Application.Access;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Api.Tests;

/// <summary>Every /v1 endpoint declares a scope; a key holding each single scope is admitted or refused accordingly.</summary>
public sealed class ScopeMatrixTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task EveryEndpointAdmitsExactlyTheKeysHoldingItsScope()
    {
        var endpoints = V1Endpoints();
        Assert.True(endpoints.Count >= 10, $"only {endpoints.Count} endpoints found");
        var failures = new List<string>();
        foreach (var scope in Scopes.All)
        {
            var (_, secret) = await gateway.CreateKeyAsync([scope]);
            foreach (var (method, path, required) in endpoints)
            {
                var response = await SendAsync(secret, method, path);
                var admitted = scope == required || scope == Scopes.Admin;
                var status = (int)response.StatusCode;
                if (admitted ? status is 401 or 403 : status != 403)
                {
                    failures.Add($"{scope} -> {method} {path}: {status}");
                }
                else if (!admitted)
                {
                    var problem = await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
                    Assert.Equal(required, problem["requiredScope"]!.GetValue<string>());
                }
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("POST", "/v1/invoices/", "invoices:write")]
    [InlineData("POST", "/v1/invoices/{id}/cancel", "invoices:write")]
    [InlineData("GET", "/v1/invoices/", "invoices:read")]
    [InlineData("GET", "/v1/invoices/{id}", "invoices:read")]
    [InlineData("POST", "/v1/departments/", "departments:manage")]
    [InlineData("POST", "/v1/api-keys/", "admin")]
    [InlineData("DELETE", "/v1/api-keys/{id}", "admin")]
    public void DeclaresTheScopeOfTheDocumentation(string method, string pattern, string scope)
    {
        var endpoint = Assert.Single(RouteEndpoints(), e => e.Method == method && e.Pattern == pattern);
        Assert.Equal(scope, endpoint.Scope);
    }

    private List<(string Method, string Path, string Scope)> V1Endpoints() =>
        [.. RouteEndpoints().Select(e => (e.Method, Fill(e.Pattern), e.Scope ?? throw new InvalidOperationException($"{e.Method} {e.Pattern} declares no scope")))];

    private IEnumerable<(string Method, string Pattern, string? Scope)> RouteEndpoints() =>
        gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                (m, e.RoutePattern.RawText!, e.Metadata.GetMetadata<RequiredScope>()?.Scope)));

    private static string Fill(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, "{[^}]+}", "x_matrix");

    private async Task<HttpResponseMessage> SendAsync(string secret, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        if (method == "POST")
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return await gateway.Anonymous.SendAsync(request);
    }
}
