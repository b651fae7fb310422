using AlatauPay.Application.Chains;
using AlatauPay.Application.Chains.Watching;
using AlatauPay.Application.Leases;
using AlatauPay.Application.Ports;
using Microsoft.Extensions.Options;

namespace AlatauPay.Api.Hosting;

/// <summary>
/// Runs one chain's watcher for the life of the process, on whichever gateway instance holds the chain's
/// lease: the others wait, renewing nothing, and one of them takes over when the holder stops renewing.
/// The holder's lease is renewed beside the poll, however many blocks a poll catches up (decision 42); when
/// a renewal finds the lease gone, or the lease store stays silent until the lease runs out, the poll is
/// cancelled where it is, and every write of a poll is still fenced by the lease, so one already under way
/// is refused. A failed poll is logged and retried with capped exponential backoff, and the failure is
/// reported to readiness: the loop never dies quietly. Asked to stop, the watcher finishes the block it is on;
/// only when the shutdown timeout runs out is that block abandoned.
/// </summary>
public sealed partial class ChainWatcherService(
    ChainWatcher watcher,
    ChainWatchOptions options,
    ChainHealthBoard health,
    ILeaseStore leases,
    GatewayInstance instance,
    IOptions<LeaseOptions> leaseOptions,
    TimeProvider clock,
    ILogger<ChainWatcherService> logger) : BackgroundService
{
    private readonly LeaseKeeper lease = instance.Keeper(leases, $"watch:{watcher.Chain}", leaseOptions.Value, clock);

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource abandon = new();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(abandon.Cancel))
        {
            await base.StopAsync(cancellationToken);
        }

        watcher.Lease = null;
        try
        {
            await lease.ReleaseAsync(cancellationToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // The lease store is unreachable (Redis down, say): the lease expires on its own within its duration.
            LogReleaseFailed(logger, watcher.Chain, failure.Message);
        }
    }

    public override void Dispose()
    {
        lease.DisposeAsync().AsTask().GetAwaiter().GetResult();
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
                if (await HoldLeaseAsync(stoppingToken))
                {
                    await PollWhileHeldAsync(stoppingToken);
                }
                else
                {
                    await watcher.ReportStandbyAsync(stoppingToken);
                }

                backoff = TimeSpan.Zero;
                await Task.Delay(options.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
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

    /// <summary>One poll under the lease, cancelled as soon as the heartbeat finds the lease lost.</summary>
    private async Task PollWhileHeldAsync(CancellationToken stoppingToken)
    {
        var lost = lease.Lost;
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(abandon.Token, lost);
        try
        {
            await watcher.PollAsync(stoppingToken, poll.Token);
        }
        catch (Exception failure) when (!abandon.IsCancellationRequested && (failure.IsFencedOut() || lost.IsCancellationRequested))
        {
            lease.Forfeit(lost);
            LogLostMidPoll(logger, watcher.Chain, watcher.Lease?.Token ?? 0, failure.IsFencedOut() ? failure.Message : lease.Loss ?? failure.Message);
            watcher.Lease = null;
        }
    }

    private async Task<bool> HoldLeaseAsync(CancellationToken stoppingToken)
    {
        var held = watcher.Lease is not null;
        var unreachable = lease.StoreFailure is not null;
        watcher.Lease = await lease.HoldAsync(stoppingToken) ? lease.Current : null;
        if (held != watcher.Lease is not null)
        {
            LogLeadership(logger, watcher.Chain, watcher.Lease is not null ? "took" : "lost", lease.Current?.Token ?? 0);
        }

        if (!unreachable && lease.StoreFailure is { } failure)
        {
            LogLeaseStoreUnreachable(logger, watcher.Chain, failure.Message);
        }

        return watcher.Lease is not null;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Chain}: the watcher's lease could not be released at stop ({Reason}); it expires on its own")]
    private static partial void LogReleaseFailed(ILogger logger, string chain, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Chain}: the lease store does not answer ({Reason}); the watcher waits until it does")]
    private static partial void LogLeaseStoreUnreachable(ILogger logger, string chain, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Chain}: lost the watcher's lease (token {Token}) in the middle of a poll, which stopped there ({Reason})")]
    private static partial void LogLostMidPoll(ILogger logger, string chain, long token, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Chain}: {Change} the watcher's lease (token {Token})")]
    private static partial void LogLeadership(ILogger logger, string chain, string change, long token);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Chain}: poll failed ({Reason}); next try in {Seconds:F1} s")]
    private static partial void LogPollFailed(ILogger logger, string chain, double seconds, string reason, Exception? failure);
}
