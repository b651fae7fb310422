using AlatauPay.Application.Idempotency;
using AlatauPay.Application.Invoices.StatusFeed;
using AlatauPay.Application.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AlatauPay.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>With <see cref="RedisOptions.Configuration"/> set, idempotency marks and replays, leases and invoice status announcements go through Redis.</summary>
    public static IServiceCollection AddAlatauRedis(this IServiceCollection services, RedisOptions options, TimeSpan inFlightTimeout)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            return services;
        }

        var configuration = ConfigurationOptions.Parse(options.Configuration);
        // Fail fast while Redis is away, so requests fall back at once instead of queueing for it.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ConnectTimeout = Math.Min(configuration.ConnectTimeout, 2000);
        configuration.AsyncTimeout = Math.Min(configuration.AsyncTimeout, 1000);
        configuration.SyncTimeout = Math.Min(configuration.SyncTimeout, 1000);
        configuration.ReconnectRetryPolicy = new LinearRetry(250);
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(configuration));
        services.AddSingleton(sp => new RedisIdempotencyGate(sp.GetRequiredService<IConnectionMultiplexer>(), options, inFlightTimeout));
        services.AddSingleton<InProcessIdempotencyGate>();
        services.AddSingleton<IIdempotencyGate>(sp => new FallbackIdempotencyGate(
            sp.GetRequiredService<RedisIdempotencyGate>(),
            sp.GetRequiredService<InProcessIdempotencyGate>(),
            sp.GetRequiredService<ILogger<FallbackIdempotencyGate>>()));

        // Jobs that must run on one instance (chain watchers, the webhook dispatcher) lease through Redis.
        services.AddSingleton<ILeaseStore>(sp => new RedisLeaseStore(
            sp.GetRequiredService<IConnectionMultiplexer>(), options, sp.GetService<TimeProvider>() ?? TimeProvider.System));

        // Invoice changes reach every instance's checkout pages through one channel.
        services.AddSingleton(sp => new RedisInvoiceStatusFeed(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            options,
            sp.GetRequiredService<IOptions<StatusFeedOptions>>(),
            sp.GetRequiredService<ILogger<RedisInvoiceStatusFeed>>()));
        services.AddSingleton<IInvoiceStatusFeed>(sp => sp.GetRequiredService<RedisInvoiceStatusFeed>());
        return services;
    }
}
