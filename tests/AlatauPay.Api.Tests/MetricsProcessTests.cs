using System.Net;
using AlatauPay.Testing;

namespace AlatauPay.Api.Tests;

/// <summary>
/// Exact figures need a process of their own: in-process hosts share the meter's name, and a gauge reports
/// the last host's value, not the sum.
/// </summary>
public sealed class MetricsProcessTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("alataupay-metrics-").FullName;
    private GatewayProcess gateway = null!;

    public async Task InitializeAsync() => gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
    {
        ["AlatauPay:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "gateway.db")}",
        ["AlatauPay:Auth:BootstrapKey"] = GatewayHost.AdminKey,
        ["AlatauPay:Chains:BTC:Network"] = "regtest",
        ["AlatauPay:Chains:LTC:Network"] = "regtest",
        ["AlatauPay:Metrics:CensusInterval"] = "00:00:00.100",
        ["Logging:LogLevel:Default"] = "Warning",
    });

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task InvoicesByStateFollowsCreationAndCancellation()
    {
        using var client = gateway.Client(GatewayHost.AdminKey);
        using var anonymous = new HttpClient { BaseAddress = gateway.Address };
        await client.CreateDepartmentAsync("census");
        await client.CreateInvoiceAsync("census");
        var cancelled = (await client.CreateInvoiceAsync("census"))["id"]!.GetValue<string>();
        await (await client.PostAsync($"/v1/invoices/{cancelled}/cancel", null)).ExpectAsync(HttpStatusCode.OK);

        await Eventually.WaitAsync(
            async () =>
            {
                var scrape = await anonymous.ScrapeAsync();
                return scrape.Value("alataupay_invoices_by_state", "state=\"new\"") == 1
                    && scrape.Value("alataupay_invoices_by_state", "state=\"cancelled\"") == 1;
            },
            "the census sees one new and one cancelled invoice");
        var figures = await anonymous.ScrapeAsync();
        Assert.Equal(2, figures.Value("alataupay_invoices_created_total"));
        Assert.Equal(0, figures.Value("alataupay_invoices_by_state", "state=\"settled\""));
    }
}

/// <summary>With <c>AlatauPay:Metrics:Port</c>, only connections to that port are answered on <c>/metrics</c>.</summary>
public sealed class MetricsPortTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("alataupay-metrics-port-").FullName;
    private readonly Uri metricsAddress = new($"http://127.0.0.1:{GatewayProcess.FreePort()}");
    private GatewayProcess gateway = null!;

    public async Task InitializeAsync() => gateway = await GatewayProcess.StartAsync(
        new Dictionary<string, string>
        {
            ["AlatauPay:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "gateway.db")}",
            ["AlatauPay:Metrics:Port"] = metricsAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        },
        [metricsAddress]);

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task AreServedOnTheirOwnPortAndNotOnThePublicOne()
    {
        using var metrics = new HttpClient { BaseAddress = metricsAddress };
        using var open = new HttpClient { BaseAddress = gateway.Address };

        var scrape = await metrics.ScrapeAsync();
        var onPublicPort = await open.GetAsync("/metrics");

        Assert.True(scrape.Has("dotnet_gc_collections_total"), scrape.Text);
        await onPublicPort.ExpectProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await open.GetAsync("/health/live")).ExpectAsync(HttpStatusCode.OK);
    }
}
