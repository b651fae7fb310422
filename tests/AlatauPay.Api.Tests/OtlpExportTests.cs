using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AlatauPay.Api.Tests;

/// <summary>
/// Traces leave the process when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names a collector: a request's span reaches
/// it under the caller's trace id. (Log lines carry the trace id with or without a collector, which
/// <see cref="JsonLogTests"/> shows.)
/// </summary>
public sealed class OtlpExportTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("alataupay-otlp-").FullName;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> exported = new();
    private WebApplication collector = null!;
    private GatewayProcess gateway = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            exported.Enqueue((request.Path.Value!, body.ToArray()));
            return Results.Ok();
        });
        await collector.StartAsync();

        gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["AlatauPay:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "gateway.db")}",
            ["AlatauPay:Auth:BootstrapKey"] = GatewayHost.AdminKey,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Urls.Single(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await collector.StopAsync();
        await collector.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task ARequestsSpanReachesTheCollectorUnderTheCallersTrace()
    {
        var trace = ActivityTraceId.CreateRandom();
        // A handler without the runtime's diagnostics: while an in-process gateway of another test is tracing, its
        // HttpClient instrumentation would otherwise start a span here and put its own traceparent on the request.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = gateway.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", GatewayHost.AdminKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/invoices/inv_doesnotexist");
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var traceBytes = Convert.FromHexString(trace.ToHexString());
        await Eventually.WaitAsync(
            () => exported.Any(e => e.Path == "/v1/traces" && e.Body.AsSpan().IndexOf(traceBytes) >= 0),
            "the request's span is exported to the collector under the caller's trace id");
    }
}
