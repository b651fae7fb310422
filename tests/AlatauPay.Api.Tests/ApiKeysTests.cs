using System.Net;

namespace AlatauPay.Api.Tests;

public sealed class ApiKeysTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task AKeyForADepartmentThatDoesNotExistIsRefused()
    {
        // Found by a black-box probe: a typo made a key that silently matched nothing.
        await gateway.Client.EnsureDepartmentAsync("water");

        var response = await gateway.Client.PostJsonAsync("/v1/api-keys", ApiKeyRequests.Key(["invoices:read"], ["water", "watr"]).ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "department-not-found", "departments[1]");
    }

    [Fact]
    public async Task CreatesAKeyShowingItsSecretOnce()
    {
        await gateway.Client.EnsureDepartmentAsync("water");
        var response = await gateway.Client.PostJsonAsync("/v1/api-keys", ApiKeyRequests.Key(["invoices:read", "invoices:write"], ["water"]).ToJsonString());

        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var secret = created["key"]!.GetValue<string>();
        Assert.Matches("^alat_[0-9a-z]{52}$", secret);
        Assert.Equal(["invoices:read", "invoices:write"], created["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["water"], created["departments"]!.AsArray().Select(s => s!.GetValue<string>()));
        var list = await (await gateway.Client.GetAsync("/v1/api-keys?limit=100")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(list["data"]!.AsArray(), k => k!["id"]!.GetValue<string>() == created["id"]!.GetValue<string>());
        Assert.DoesNotContain(secret, list.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyWorksUntilItIsRevoked()
    {
        var (id, secret) = await gateway.CreateKeyAsync(["invoices:read"]);
        using var client = gateway.ClientWithKey(secret);
        await (await client.GetAsync("/v1/invoices")).ExpectAsync(HttpStatusCode.OK);

        var revoked = await (await gateway.Client.DeleteAsync($"/v1/api-keys/{id}")).ExpectAsync(HttpStatusCode.OK);

        Assert.NotNull(revoked["revokedAt"]);
        await (await client.GetAsync("/v1/invoices")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task AKeyLackingTheScopeIsRefusedNamingIt()
    {
        var (_, secret) = await gateway.CreateKeyAsync(["invoices:read"]);
        using var client = gateway.ClientWithKey(secret);

        var response = await client.PostJsonAsync("/v1/invoices", Requests.Invoice("water").ToJsonString());

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
        Assert.Equal("invoices:write", problem["requiredScope"]!.GetValue<string>());
        Assert.Contains("invoices:write", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADepartmentKeySeesOnlyItsDepartments()
    {
        await gateway.Client.CreateDepartmentAsync("own-dept");
        await gateway.Client.CreateDepartmentAsync("other-dept");
        var foreign = await gateway.Client.CreateInvoiceAsync("other-dept");
        var (_, secret) = await gateway.CreateKeyAsync(["invoices:read", "invoices:write"], ["own-dept"]);
        using var client = gateway.ClientWithKey(secret);

        var own = await client.CreateInvoiceAsync("own-dept");
        var refused = await client.PostJsonAsync("/v1/invoices", Requests.Invoice("other-dept").ToJsonString());
        var hidden = await client.GetAsync($"/v1/invoices/{foreign["id"]}");
        var list = await (await client.GetAsync("/v1/invoices?limit=100")).ExpectAsync(HttpStatusCode.OK);

        await refused.ExpectProblemAsync(HttpStatusCode.Forbidden, "department-forbidden");
        await hidden.ExpectProblemAsync(HttpStatusCode.NotFound, "invoice-not-found");
        Assert.All(list["data"]!.AsArray(), i => Assert.Equal("own-dept", i!["department"]!.GetValue<string>()));
        Assert.Contains(list["data"]!.AsArray(), i => i!["id"]!.GetValue<string>() == own["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("[]", "scopes-required")]
    [InlineData("[\"invoices:delete\"]", "scope-unknown")]
    public async Task RefusesBadScopes(string scopes, string code)
    {
        var response = await gateway.Client.PostJsonAsync("/v1/api-keys", $$"""{ "scopes": {{scopes}} }""");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task OnlyAdminsManageKeys()
    {
        var (_, secret) = await gateway.CreateKeyAsync(["webhooks:manage", "invoices:write", "departments:manage"]);
        using var client = gateway.ClientWithKey(secret);

        var response = await client.PostJsonAsync("/v1/api-keys", ApiKeyRequests.Key(["admin"]).ToJsonString());

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
        Assert.Equal("admin", problem["requiredScope"]!.GetValue<string>());
    }
}
