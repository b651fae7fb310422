using AlatauPay.Application.Ports;

namespace AlatauPay.Api.Hosting;

/// <summary>
/// SIGTERM (or Ctrl-C) stops the host: Kestrel stops accepting and lets requests in flight finish, each watcher
/// finishes the block it is on, then everything registered as <see cref="IReleaseOnShutdown"/> is released.
/// <c>AlatauPay:ShutdownTimeout</c> bounds the whole: past it, what still runs is cancelled and the process exits.
/// </summary>
internal static partial class GracefulShutdown
{
    public const string Setting = "AlatauPay:ShutdownTimeout";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services, IConfiguration configuration)
    {
        var timeout = configuration.GetValue(Setting, DefaultTimeout);
        services.Configure<HostOptions>(host => host.ShutdownTimeout = timeout);
        services.AddSingleton<IHostedService, ReleaseOnShutdownService>();
        return services;
    }

    /// <summary>Releases after every other hosted service has stopped, so nothing still uses what it releases.</summary>
    private sealed partial class ReleaseOnShutdownService(IEnumerable<IReleaseOnShutdown> held, ILogger<ReleaseOnShutdownService> logger)
        : IHostedLifecycleService
    {
        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StoppedAsync(CancellationToken cancellationToken)
        {
            foreach (var item in held)
            {
                try
                {
                    await item.ReleaseAsync(cancellationToken);
                }
                catch (Exception failure)
                {
                    // Not released means taken over when it runs out: slower, never wrong.
                    LogReleaseFailed(logger, item.GetType().Name, failure);
                }
            }
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing {Holder} at shutdown failed; it runs out on its own")]
        private static partial void LogReleaseFailed(ILogger logger, string holder, Exception failure);
    }
}
