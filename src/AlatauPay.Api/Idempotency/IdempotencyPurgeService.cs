using AlatauPay.Application.Ports;

namespace AlatauPay.Api.Idempotency;

/// <summary>Deletes idempotency records past their retention, in small batches, once a minute.</summary>
internal sealed partial class IdempotencyPurgeService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IdempotencyPurgeService> logger)
    : BackgroundService
{
    private const int Batch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
                int purged;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
                    await unitOfWork.BeginAsync(stoppingToken);
                    purged = await scope.ServiceProvider.GetRequiredService<IIdempotencyRecords>().PurgeExpiredAsync(clock.GetUtcNow(), Batch, stoppingToken);
                    await unitOfWork.CommitAsync(stoppingToken);
                }
                while (purged == Batch);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                LogFailed(logger, failure);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Purging expired idempotency records failed; trying again in a minute")]
    private static partial void LogFailed(ILogger logger, Exception failure);
}
