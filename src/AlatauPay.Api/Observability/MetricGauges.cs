using System.Diagnostics.Metrics;
using AlatauPay.Application.Chains.Watching;
using AlatauPay.Application.Diagnostics;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using Microsoft.Extensions.Options;

namespace AlatauPay.Api.Observability;

/// <summary>
/// Feeds the gauges from cheap sources: watcher lag from what each watcher last reported, invoices by state
/// from a census taken every <see cref="MetricsOptions.CensusInterval"/>, never on the scrape itself. Every
/// instance reports the same census, so aggregate it across instances with <c>max</c>, not <c>sum</c>.
/// </summary>
internal sealed partial class MetricGauges : BackgroundService
{
    private static readonly string[] Statuses = [.. Enum.GetValues<InvoiceStatus>().Select(s => s.ToName())];

    private readonly IInvoiceCensus? census;
    private readonly IOptions<MetricsOptions> options;
    private readonly ILogger<MetricGauges> logger;
    private volatile IReadOnlyDictionary<string, long>? counts;

    public MetricGauges(
        AlatauPayMetrics metrics,
        ChainHealthBoard chains,
        IOptions<MetricsOptions> options,
        ILogger<MetricGauges> logger,
        IInvoiceCensus? census = null)
    {
        this.census = census;
        this.options = options;
        this.logger = logger;
        metrics.ObserveWatcherLag(() => chains.Chains.Values
            .Where(c => c is { Watched: true, LagBlocks: not null })
            .Select(c => new Measurement<long>(c.LagBlocks!.Value, new KeyValuePair<string, object?>("chain", c.Chain))));
        metrics.ObserveInvoicesByState(() => counts is { } taken
            ? Statuses.Select(s => new Measurement<long>(taken.GetValueOrDefault(s), new KeyValuePair<string, object?>("state", s)))
            : []);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (census is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CensusInterval);
        do
        {
            try
            {
                counts = await census.CountByStatusAsync(stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // A store that does not answer shows on readiness; the gauge keeps its last census.
                LogCensusFailed(logger, failure.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting invoices by state failed ({Reason}); the gauge keeps its last figures")]
    private static partial void LogCensusFailed(ILogger logger, string reason);
}
