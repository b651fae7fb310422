using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace AlatauPay.Api.Tests;

/// <summary>The gateway process's console, as a log shipper reads it.</summary>
public sealed class JsonLogTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("alataupay-logs-").FullName;
    private GatewayProcess gateway = null!;

    public async Task InitializeAsync() => gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
    {
        ["AlatauPay:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "gateway.db")}",
        ["AlatauPay:Auth:BootstrapKey"] = GatewayHost.AdminKey,
        ["AlatauPay:Logging:Format"] = "json",
    });

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task EveryLineIsJsonAndARequestsLinesCarryItsTraceAndSpan()
    {
        // The client's own trace: HttpClient sends it as traceparent, through a span of its own when this process listens.
        using var caller = new Activity("json-log-test").SetIdFormat(ActivityIdFormat.W3C).Start();
        var trace = caller.TraceId.ToHexString();
        using var client = gateway.Client(GatewayHost.AdminKey);

        var response = await client.GetAsync("/v1/invoices/inv_doesnotexist");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await Eventually.WaitAsync(() => gateway.Output.Contains("invoice-not-found", StringComparison.Ordinal), "the refusal is logged");
        var lines = gateway.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var records = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var refusal = records.Single(r => r.GetProperty("message").GetString()!.Contains("invoice-not-found", StringComparison.Ordinal));
        Assert.Equal("Information", refusal.GetProperty("level").GetString());
        Assert.Equal(trace, refusal.GetProperty("traceId").GetString());
        var span = refusal.GetProperty("spanId").GetString()!;
        Assert.Matches("^[0-9a-f]{16}$", span);
        Assert.NotEqual(caller.SpanId.ToHexString(), span);
        Assert.Equal("invoice-not-found", refusal.GetProperty("fields").GetProperty("Code").GetString());
    }
}
