using System.Collections.Concurrent;
using System.Diagnostics;
using AlatauPay.Application.Diagnostics;
using AlatauPay.Application.Leases;
using AlatauPay.Application.Ports;
using AlatauPay.Application.Webhooks;
using AlatauPay.Application.Webhooks.Dispatch;
using Mediator;
using Microsoft.Extensions.Options;

namespace AlatauPay.Api.Webhooks;

/// <summary>
/// Delivers outbox events to webhook endpoints, at least once. Each pass fans new events out into
/// persisted deliveries, then starts the due head delivery of every idle endpoint; attempts run side by
/// side, one per endpoint, so a slow or failing endpoint holds up only itself. Everything it needs to
/// resume lives in the database: a restart loses no delivery and resets no retry schedule. It runs on the
/// one gateway instance that holds the dispatcher's lease, and its writes are fenced by that lease. The lease
/// is renewed beside the work, however long a pass or an attempt takes (decision 42); when it is lost, the
/// pass and every attempt in flight are cancelled, unrecorded, so they are due again for the new holder.
/// </summary>
internal sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes,
    WebhookSender sender,
    DispatchSignal signal,
    AlatauPayMetrics metrics,
    IOptions<WebhookOptions> options,
    ILeaseStore leases,
    GatewayInstance instance,
    IOptions<LeaseOptions> leaseOptions,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private readonly LeaseKeeper lease = instance.Keeper(leases, "webhook-dispatcher", leaseOptions.Value, clock);
    private static readonly TimeSpan MaxPassBackoff = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Task> running = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            var passStarted = Stopwatch.GetTimestamp();
            try
            {
                var unreachable = lease.StoreFailure is not null;
                if (await lease.HoldAsync(stoppingToken))
                {
                    await PassWhileHeldAsync(stoppingToken);
                }
                else if (!unreachable && lease.StoreFailure is { } failure)
                {
                    LogLeaseStoreUnreachable(logger, failure.Message);
                }

                backoff = TimeSpan.Zero;
                await signal.WaitAsync(options.Value.PollInterval, passStarted, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception failure)
            {
                backoff = TimeSpan.FromTicks(Math.Min(MaxPassBackoff.Ticks, Math.Max(backoff.Ticks * 2, options.Value.PollInterval.Ticks)));
                LogPassFailed(logger, backoff.TotalSeconds, failure);
                await Task.Delay(backoff, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        await Task.WhenAll(running.Values).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public override void Dispose()
    {
        lease.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await lease.ReleaseAsync(cancellationToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // The lease store is unreachable (Redis down, say): the lease expires on its own within its duration.
            LogReleaseFailed(logger, failure.Message);
        }
    }

    /// <summary>A scope whose writes are fenced by the dispatcher's lease.</summary>
    private AsyncServiceScope FencedScope()
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WriterFence>().Lease = lease.Current;
        return scope;
    }

    private async Task PassWhileHeldAsync(CancellationToken stoppingToken)
    {
        var lost = lease.Lost;
        using var pass = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lost);
        try
        {
            await PassAsync(lost, pass.Token);
        }
        catch (Exception failure) when (!stoppingToken.IsCancellationRequested && (failure.IsFencedOut() || lost.IsCancellationRequested))
        {
            lease.Forfeit(lost);
            LogLostMidPass(logger, failure.IsFencedOut() ? failure.Message : lease.Loss ?? failure.Message);
        }
    }

    /// <param name="lost">Cancelled when the lease is lost; the attempts started here stop with it, and only with it.</param>
    /// <param name="cancellationToken">Stopping or lost.</param>
    private async Task PassAsync(CancellationToken lost, CancellationToken cancellationToken)
    {
        await using var scope = FencedScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        while (await mediator.Send(new FanOutEventsCommand(), cancellationToken) > 0)
        {
        }

        var free = options.Value.MaxConcurrency - running.Count;
        if (free <= 0)
        {
            return;
        }

        var due = await scope.ServiceProvider.GetRequiredService<IWebhookStore>()
            .ListDueAsync(clock.GetUtcNow(), [.. running.Keys], free, cancellationToken);
        foreach (var delivery in due)
        {
            // The attempt waits until it is registered, so its own clean-up can never run first.
            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            running[delivery.EndpointId] = Task.Run(
                async () =>
                {
                    await registered.Task;
                    await DeliverAsync(delivery, lost);
                },
                CancellationToken.None);
            registered.SetResult();
        }
    }

    /// <summary>
    /// One attempt, recorded. A stop does not cut it short: the receiver's answer (a 410, say) is recorded before
    /// the dispatcher ends (<see cref="ExecuteAsync"/> waits for the attempts running), as a watcher finishes its
    /// block, so only a SIGKILL or the shutdown timeout can lose it. The attempt's own timeout bounds the wait.
    /// </summary>
    private async Task DeliverAsync(DueDelivery delivery, CancellationToken lost)
    {
        try
        {
            await using var scope = FencedScope();
            var endpoint = await scope.ServiceProvider.GetRequiredService<IWebhookStore>().FindEndpointAsync(delivery.EndpointId, lost);
            if (endpoint is not { Status: "enabled" })
            {
                return;
            }

            var attempt = await sender.SendAsync(endpoint, delivery, lost);
            var outcome = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RecordAttemptCommand(delivery, attempt), lost);
            metrics.WebhookAttempt(attempt.StatusCode is >= 200 and < 300, TimeSpan.FromMilliseconds(attempt.DurationMs));
            LogAttempt(logger, delivery.DeliveryId, attempt.Number, attempt.StatusCode, attempt.Error, outcome);
        }
        catch (Exception failure) when (failure.IsFencedOut() || lost.IsCancellationRequested)
        {
            // The lease is gone: the attempt is not recorded, so the delivery is due again for the new holder.
            lease.Forfeit(lost);
            LogDeliveryLeaseLost(logger, delivery.DeliveryId);
        }
        catch (Exception failure)
        {
            LogDeliveryFailed(logger, delivery.DeliveryId, failure);
        }
        finally
        {
            running.TryRemove(delivery.EndpointId, out _);
            signal.NotifyEndpointFreed();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease store does not answer ({Reason}); webhook dispatch waits until it does")]
    private static partial void LogLeaseStoreUnreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook dispatcher lost its lease in the middle of a pass, which stopped there ({Reason})")]
    private static partial void LogLostMidPass(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId}: the dispatcher's lease was lost during the attempt, which stopped unrecorded and is due again")]
    private static partial void LogDeliveryLeaseLost(ILogger logger, string deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook dispatcher's lease could not be released at stop ({Reason}); it expires on its own")]
    private static partial void LogReleaseFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery {DeliveryId} attempt {Number}: {Status} {Error} -> {Outcome}")]
    private static partial void LogAttempt(ILogger logger, string deliveryId, int number, int? status, string? error, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording delivery {DeliveryId} failed; it stays due and is tried again")]
    private static partial void LogDeliveryFailed(ILogger logger, string deliveryId, Exception failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "A webhook dispatch pass failed; next pass in {Seconds:F1} s")]
    private static partial void LogPassFailed(ILogger logger, double seconds, Exception failure);
}
