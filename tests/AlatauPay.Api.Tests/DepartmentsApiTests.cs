using System.Net;
using System.Text.Json.Nodes;

namespace AlatauPay.Api.Tests;

public sealed class DepartmentsApiTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task CreatesADepartmentAndShowsItsWalletsWithoutTheirKeys()
    {
        var response = await gateway.Client.PostJsonAsync("/v1/departments", Requests.Department("created").ToJsonString());

        var body = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("/v1/departments/created", response.Headers.Location?.ToString());
        Assert.Equal("created", body["code"]!.GetValue<string>());
        Assert.Equal(["cold-water", "hot-water"], body["services"]!.AsArray().Select(s => s!["code"]!.GetValue<string>()));
        Assert.Equal("regtest", body["wallets"]!["BTC"]!["network"]!.GetValue<string>());
        Assert.Equal(8, body["wallets"]!["BTC"]!["keyFingerprint"]!.GetValue<string>().Length);
        Assert.Equal(0, body["wallets"]!["LTC"]!["addressesIssued"]!.GetValue<long>());
        Assert.Equal("medium", body["speedPolicy"]!.GetValue<string>());
        Assert.DoesNotContain(TestKeys.RegtestTpubFor("created"), body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesConfirmationsOnABitcoinFamilyWallet()
    {
        var body = Requests.Department("btc-depth");
        body["wallets"]!["BTC"]!["confirmations"] = 3;

        var response = await gateway.Client.PostJsonAsync("/v1/departments", body.ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "wallet-confirmations-unsupported", "wallets.BTC.confirmations");
    }

    [Fact]
    public async Task AcceptsTheSlip132FormOfATestNetworkKey()
    {
        var response = await gateway.Client.PostJsonAsync("/v1/departments", Requests.Department("vpub-form", TestKeys.RegtestVpub).ToJsonString());

        await response.ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task RefusesAKeyAnotherDepartmentRegistered()
    {
        await gateway.Client.CreateDepartmentAsync("key-owner");

        var response = await gateway.Client.PostJsonAsync("/v1/departments", Requests.Department("key-thief", TestKeys.RegtestTpubFor("key-owner")).ToJsonString());

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict, "wallet-key-in-use", "wallets.BTC.xpub");
        Assert.Contains("key-owner", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await (await gateway.Client.GetAsync("/v1/departments/key-thief")).ExpectProblemAsync(HttpStatusCode.NotFound, "department-not-found");
    }

    [Fact]
    public async Task GetsADepartmentByCode()
    {
        await gateway.Client.CreateDepartmentAsync("fetched");

        var body = await (await gateway.Client.GetAsync("/v1/departments/fetched")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Alatau Water", body["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("no-such-department")]
    [InlineData("NOT A CODE")]
    public async Task AnUnknownDepartmentIsNotFound(string code)
    {
        var response = await gateway.Client.GetAsync($"/v1/departments/{Uri.EscapeDataString(code)}");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "department-not-found");
    }

    [Fact]
    public async Task ASecondDepartmentWithTheSameCodeConflicts()
    {
        await gateway.Client.CreateDepartmentAsync("duplicate");

        var response = await gateway.Client.PostJsonAsync("/v1/departments", Requests.Department("duplicate").ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "department-exists", "code");
    }

    [Fact]
    public async Task ListsEveryDepartmentOncePageByPage()
    {
        var codes = Enumerable.Range(0, 5).Select(i => $"paged-{i}").ToList();
        foreach (var code in codes)
        {
            await gateway.Client.CreateDepartmentAsync(code);
        }

        var seen = new List<string>();
        string? cursor = "paged-";
        var pages = 0;
        while (cursor is not null)
        {
            var page = await (await gateway.Client.GetAsync($"/v1/departments?limit=2&startingAfter={cursor}")).ExpectAsync(HttpStatusCode.OK);
            var data = page["data"]!.AsArray().Select(d => d!["code"]!.GetValue<string>()).Where(c => c.StartsWith("paged-", StringComparison.Ordinal)).ToList();
            seen.AddRange(data);
            pages++;
            cursor = page["hasMore"]!.GetValue<bool>() && data.Count == 2 ? data[^1] : null;
        }

        Assert.Equal(codes, seen);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("code", null, "department-code-invalid", "code")]
    [InlineData("code", "Water!", "department-code-invalid", "code")]
    [InlineData("name", null, "name-required", "name")]
    [InlineData("speedPolicy", "warp", "speed-policy-invalid", "speedPolicy")]
    public async Task RefusesABrokenField(string field, string? value, string code, string errorField)
    {
        var request = Requests.Department("broken");
        request[field] = value;

        var response = await gateway.Client.PostJsonAsync("/v1/departments", request.ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, code, errorField);
    }

    [Fact]
    public async Task RefusesADepartmentWithoutServices()
    {
        var request = Requests.Department("no-services");
        request["services"] = new JsonArray();

        var response = await gateway.Client.PostJsonAsync("/v1/departments", request.ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "services-required", "services");
    }

    [Fact]
    public async Task RefusesTwoServicesWithOneCode()
    {
        var request = Requests.Department("same-services");
        request["services"]![1]!["code"] = "cold-water";

        var response = await gateway.Client.PostJsonAsync("/v1/departments", request.ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "service-duplicate", "services");
    }

    [Fact]
    public async Task RefusesAWalletForAnUnknownChain()
    {
        var request = Requests.Department("unknown-chain");
        request["wallets"]!["DOGE"] = new JsonObject { ["xpub"] = TestKeys.RegtestTpubFor("doge") };

        var response = await gateway.Client.PostJsonAsync("/v1/departments", request.ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "wallet-chain-unknown", "wallets.DOGE");
    }

    [Fact]
    public async Task RefusesAPrivateKeyWithoutEchoingIt()
    {
        var response = await gateway.Client.PostJsonAsync("/v1/departments", Requests.Department("private", TestKeys.RegtestTprv).ToJsonString());

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "wallet-key-private", "wallets.BTC.xpub");
        Assert.DoesNotContain(TestKeys.RegtestTprv, problem.ToJsonString(), StringComparison.Ordinal);
        await (await gateway.Client.GetAsync("/v1/departments/private")).ExpectProblemAsync(HttpStatusCode.NotFound, "department-not-found");
    }

    [Fact]
    public async Task RefusesAKeyOfAnotherNetwork()
    {
        var response = await gateway.Client.PostJsonAsync("/v1/departments", Requests.Department("mainnet-key", TestKeys.MainnetXpub).ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "wallet-key-wrong-network", "wallets.BTC.xpub");
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("vpub5Y6cjg78GGuNLsaPhmYsiw4gYX3HoQiRBiSwDaBXKUafCt9bNwWQiitDk5VZ5BVxYnQdwoTyXSs2JHRPAgjAvtbBrf8ZhDYe2jWAqvZVnsd")]
    public async Task RefusesAMalformedKey(string key)
    {
        var response = await gateway.Client.PostJsonAsync("/v1/departments", Requests.Department("malformed-key", key).ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "wallet-key-malformed", "wallets.BTC.xpub");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("ten")]
    [InlineData("-1")]
    public async Task RefusesALimitOutsideOneToAHundred(string limit)
    {
        var response = await gateway.Client.GetAsync($"/v1/departments?limit={limit}");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "limit-out-of-range", "limit");
    }
}
