using AlatauPay.Application.Ports;

namespace AlatauPay.Application.Behaviors;

/// <summary>
/// Runs a whole unit of work again, in a fresh transaction, when the store says an attempt only lost a race
/// (<see cref="IUnitOfWork.IsTransient"/>). The budget is small and bounded: a request that keeps losing is
/// answered with the failure rather than held.
/// </summary>
public static class TransientRetry
{
    public const int MaxAttempts = 5;

    public static async ValueTask<T> RunAsync<T>(IUnitOfWork unitOfWork, Func<ValueTask<T>> attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unitOfWork);
        ArgumentNullException.ThrowIfNull(attempt);
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt();
            }
            catch (Exception failure) when (number < MaxAttempts && unitOfWork.IsTransient(failure))
            {
                await Task.Delay(Backoff(number), cancellationToken);
            }
        }
    }

    /// <summary>About 5, 10, 20, 40 ms, jittered so that the transactions that collided do not collide again.</summary>
    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds((5 << (attempt - 1)) * (0.5 + Random.Shared.NextDouble()));
}
