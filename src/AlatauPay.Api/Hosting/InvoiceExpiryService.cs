using AlatauPay.Application.Invoices.Expire;
using Mediator;
using Microsoft.Extensions.Options;

namespace AlatauPay.Api.Hosting;

/// <summary>
/// Expires open invoices whose time ran out. A failed pass is logged and retried with capped backoff;
/// the loop never dies quietly.
/// </summary>
public sealed partial class InvoiceExpiryService(
    IServiceScopeFactory scopes,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    ILogger<InvoiceExpiryService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ExpiryScanInterval;
        var delay = interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, clock, stoppingToken);
                // One pass walks every due invoice, a batch (and a transaction) at a time.
                var batch = new ExpiryBatch(0, null);
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    batch = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ExpireDueInvoicesCommand(batch.Next), stoppingToken);
                    if (batch.Expired > 0)
                    {
                        LogExpired(logger, batch.Expired);
                    }
                }
                while (batch.Next is not null && !stoppingToken.IsCancellationRequested);

                delay = interval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                delay = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, Math.Max(delay.Ticks, interval.Ticks) * 2));
                LogFailed(logger, delay.TotalSeconds, failure);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired {Count} invoices")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Expiring invoices failed; next try in {Seconds:F0} s")]
    private static partial void LogFailed(ILogger logger, double seconds, Exception failure);
}
