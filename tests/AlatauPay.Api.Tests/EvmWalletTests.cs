using System.Net;
using System.Text.Json.Nodes;

namespace AlatauPay.Api.Tests;

/// <summary>A gateway with Ethereum configured offline: a test chain (Sepolia), a factory, and USDT only, by address.</summary>
public sealed class EthereumGatewayHost : GatewayHost
{
    public const string Factory = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    public const string Usdt = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

    protected override void Configure(IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["AlatauPay:Chains:ETH:ChainId"] = "11155111";
        settings["AlatauPay:Chains:ETH:ForwarderFactory"] = Factory;
        settings["AlatauPay:Chains:ETH:Tokens:USDT:Contract"] = Usdt;
    }
}

public sealed class EvmWalletTests(EthereumGatewayHost gateway) : IClassFixture<EthereumGatewayHost>
{
    private const string Treasury = "0x8ba1f109551bD432803012645Ac136ddd64DBA72";

    [Theory]
    [InlineData("0x0000000000000000000000000000000000000000", "wallet-treasury-zero")]
    [InlineData("0x8ba1f109551bd432803012645ac136ddd64dba72", "wallet-treasury-checksum")]
    [InlineData("0x8ba1f109", "wallet-treasury-malformed")]
    [InlineData("", "wallet-key-required")]
    public async Task RefusesATreasuryThatIsNotAChecksummedNonZeroAddress(string treasury, string code)
    {
        var response = await gateway.Client.PostJsonAsync("/v1/departments", Department("bad-treasury", treasury).ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, code, "wallets.ETH.treasury");
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Client.GetAsync("/v1/departments/bad-treasury")).StatusCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("2.5")]
    [InlineData("\"12\"")]
    [InlineData("\"safe\"")]
    [InlineData("true")]
    public async Task RefusesConfirmationsThatAreNeitherADepthNorFinalized(string confirmations)
    {
        var body = Department("bad-depth", Treasury);
        body["wallets"]!["ETH"]!["confirmations"] = JsonNode.Parse(confirmations);

        var response = await gateway.Client.PostJsonAsync("/v1/departments", body.ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "wallet-confirmations-invalid", "wallets.ETH.confirmations");
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Client.GetAsync("/v1/departments/bad-depth")).StatusCode);
    }

    [Theory]
    [InlineData("eth-depth", "0x71C7656EC7ab88b098defB751B7401B5f6d8976F", "30")]
    [InlineData("eth-final", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "\"finalized\"")]
    [InlineData("eth-policy", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "null")]
    public async Task TheDepartmentViewShowsTheWalletsConfirmationsAsRegistered(string code, string treasury, string confirmations)
    {
        var body = Department(code, treasury);
        body["wallets"]!["ETH"]!["confirmations"] = JsonNode.Parse(confirmations);

        var created = await gateway.Client.PostJsonAsync("/v1/departments", body.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var view = JsonNode.Parse(await gateway.Client.GetStringAsync($"/v1/departments/{code}"))!;
        Assert.Equal(confirmations, view["wallets"]!["ETH"]!["confirmations"]?.ToJsonString() ?? "null");
    }

    [Fact]
    public async Task InvoiceOffersOneForwarderForEtherAndTokenWithEip681Uris()
    {
        var created = await gateway.Client.PostJsonAsync("/v1/departments", Department("eth-water", Treasury).ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var response = await gateway.Client.PostJsonAsync("/v1/invoices", Invoice("eth-water", "ETH", "USDT").ToJsonString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var methods = JsonNode.Parse(text)!["paymentMethods"]!.AsArray();
        var ether = methods[0]!;
        var tether = methods[1]!;
        var address = ether["destination"]!.GetValue<string>();
        Assert.Matches("^0x[0-9a-fA-F]{40}$", address);
        Assert.Equal(address, tether["destination"]!.GetValue<string>());
        Assert.StartsWith($"ethereum:{address}@11155111?value=", ether["paymentUri"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith($"ethereum:{EthereumGatewayHost.Usdt}@11155111/transfer?address={address}&uint256=", tether["paymentUri"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenWithoutAConfiguredContractIsUnavailable()
    {
        await gateway.Client.PostJsonAsync("/v1/departments", Department("eth-parking", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed").ToJsonString());

        var response = await gateway.Client.PostJsonAsync("/v1/invoices", Invoice("eth-parking", "USDC").ToJsonString());

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "payment-method-unavailable", "methods[0]");
    }

    private static JsonObject Department(string code, string treasury) => new()
    {
        ["code"] = code,
        ["name"] = "Alatau Water",
        ["services"] = new JsonArray(new JsonObject { ["code"] = "cold-water", ["name"] = "Cold water" }),
        ["wallets"] = new JsonObject { ["ETH"] = new JsonObject { ["treasury"] = treasury } },
    };

    private static JsonObject Invoice(string department, params string[] methods) => new()
    {
        ["department"] = department,
        ["service"] = "cold-water",
        ["payer"] = new JsonObject { ["account"] = "ACC-1001" },
        ["amount"] = new JsonObject { ["currency"] = "KZT", ["value"] = "12345.67" },
        ["methods"] = new JsonArray([.. methods.Select(m => JsonValue.Create(m))]),
    };
}
