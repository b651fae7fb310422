using System.Net;
using System.Text.Json.Nodes;
using AlatauPay.Cli;

namespace AlatauPay.Api.Tests;

/// <summary><c>alatau keys</c> on the running gateway's own database file: what it creates, the API honours.</summary>
public sealed class CliKeysTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task AKeyCreatedOnTheCommandLineWorksUntilRevokedThere()
    {
        var (status, output, _) = await RunAsync("keys", "create", "--scope", "invoices:read", "--department", "water");
        Assert.Equal(0, status);
        var created = JsonNode.Parse(output)!;
        using var client = gateway.ClientWithKey(created["key"]!.GetValue<string>());
        await (await client.GetAsync("/v1/invoices")).ExpectAsync(HttpStatusCode.OK);

        var listed = await RunAsync("keys", "list");
        var revoked = await RunAsync("keys", "revoke", created["id"]!.GetValue<string>());

        Assert.Contains(created["id"]!.GetValue<string>(), listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(created["key"]!.GetValue<string>(), listed.Output, StringComparison.Ordinal);
        Assert.Equal(0, revoked.Status);
        await (await client.GetAsync("/v1/invoices")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task RefusesAnUnknownScope()
    {
        var (status, _, error) = await RunAsync("keys", "create", "--scope", "everything");

        Assert.Equal(1, status);
        Assert.Contains("scope-unknown", error, StringComparison.Ordinal);
    }

    private async Task<(int Status, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var status = await AlatauCli.RunAsync([.. args, "--storage", $"Data Source={gateway.DatabasePath}"], output, error, CancellationToken.None);
        return (status, output.ToString(), error.ToString());
    }
}
