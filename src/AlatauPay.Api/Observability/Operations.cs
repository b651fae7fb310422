using AlatauPay.Api.Hosting;
using AlatauPay.Application.Diagnostics;
using AlatauPay.Redis;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AlatauPay.Api.Observability;

/// <summary>
/// What an operator runs the gateway with: metrics on <c>/metrics</c> and over OTLP, traces, log lines as JSON
/// with trace ids, readiness that includes Redis, and a bounded graceful shutdown.
/// </summary>
internal static class Operations
{
    public const string MetricsPath = "/metrics";

    /// <summary>Set by the OpenTelemetry convention; when present, traces and metrics are also pushed there.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private const int MaxLabelSetsPerMetric = 400;

    public static void AddAlatauOperations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        builder.AddLogFormat();
        services.AddGracefulShutdown(configuration);
        services.Configure<MetricsOptions>(configuration.GetSection(MetricsOptions.Section));
        services.AddHostedService<MetricGauges>();
        if (!string.IsNullOrWhiteSpace(configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.Configuration)}"]))
        {
            services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("alataupay", serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics => metrics
                // Each stream preallocates room for this many label sets; the default, 2,000, costs megabytes per
                // host for labels that here take at most a few hundred values (routes × status codes).
                .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = MaxLabelSetsPerMetric })
                .AddMeter(AlatauPayMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = http => !IsOperational(http.Request.Path))
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]))
        {
            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>Serves <c>/metrics</c>, without authentication: on its own port when <c>AlatauPay:Metrics:Port</c> is set.</summary>
    public static void UseAlatauMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
        {
            return;
        }

        app.UseOpenTelemetryPrometheusScrapingEndpoint(http =>
            http.Request.Path == MetricsPath && (options.Port is not { } port || http.Connection.LocalPort == port));
    }

    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments(MetricsPath, StringComparison.Ordinal) || path.StartsWithSegments("/health", StringComparison.Ordinal);

    private static void AddLogFormat(this WebApplicationBuilder builder)
    {
        var format = builder.Configuration.GetSection(LogFormatOptions.Section).Get<LogFormatOptions>()?.Format
            ?? (builder.Environment.IsProduction() ? "json" : "text");
        switch (format.ToUpperInvariant())
        {
            case "JSON":
                builder.Logging.AddConsole(console => console.FormatterName = JsonLineFormatter.Name)
                    .AddConsoleFormatter<JsonLineFormatter, ConsoleFormatterOptions>();
                break;
            case "TEXT":
                break;
            default:
                throw new InvalidOperationException($"{LogFormatOptions.Section}:Format is '{format}'; use 'json' or 'text'.");
        }
    }
}
