using AlatauPay.Application.Chains;
using AlatauPay.Application.Chains.Watching;

namespace AlatauPay.Api.Hosting;

/// <summary>
/// Runs one chain's watcher for the life of the process. A failed poll is logged and retried with capped
/// exponential backoff, and the failure is reported to readiness: the loop never dies quietly. Asked to stop,
/// the watcher finishes the block it is on; only when the shutdown timeout runs out is that block abandoned.
/// </summary>
public sealed partial class ChainWatcherService(
    ChainWatcher watcher,
    ChainWatchOptions options,
    ChainHealthBoard health,
    TimeProvider clock,
    ILogger<ChainWatcherService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource abandon = new();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var timeout = cancellationToken.Register(abandon.Cancel);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        abandon.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await watcher.PollAsync(stoppingToken, abandon.Token);
                backoff = TimeSpan.Zero;
                await Task.Delay(options.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, Math.Max(options.PollInterval.Ticks, backoff.Ticks * 2)));
                Report(failure);
                LogPollFailed(logger, watcher.Chain, backoff.TotalSeconds, failure.Message, failure is ChainUnavailableException ? null : failure);
                await DelayQuietlyAsync(backoff, stoppingToken);
            }
        }
    }

    private void Report(Exception failure)
    {
        var last = health.Get(watcher.Chain);
        var reachable = failure is not ChainUnavailableException;
        health.Report(new ChainHealth(
            watcher.Chain, true, reachable, reachable && (last?.NodeSynced ?? false), last?.NodeTipHeight,
            last?.ProcessedHeight, last?.ProcessedHash, clock.GetUtcNow(), failure.Message));
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, clock, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Chain}: poll failed ({Reason}); next try in {Seconds:F1} s")]
    private static partial void LogPollFailed(ILogger logger, string chain, double seconds, string reason, Exception? failure);
}
