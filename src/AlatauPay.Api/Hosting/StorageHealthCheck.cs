using AlatauPay.Application.Ports;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlatauPay.Api.Hosting;

public sealed class StorageHealthCheck(IStorageProbe storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await storage.CheckAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{storage.Describe()} answers");
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{storage.Describe()} does not answer: {failure.GetType().Name}");
        }
    }
}
