using AlatauPay.Application.Invoices.StatusFeed;
using AlatauPay.Application.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AlatauPay.Redis;

/// <summary>
/// The feed across instances: each change is published on one Redis channel, and each instance holds one
/// subscription to it, handing announcements to its own listeners. While Redis is away or the subscription is not
/// yet made, listeners read at the polling interval instead, and when the connection comes back every listener
/// reads once more, since announcements made meanwhile were lost.
/// </summary>
public sealed partial class RedisInvoiceStatusFeed : IInvoiceStatusFeed, IDisposable
{
    private readonly IConnectionMultiplexer redis;
    private readonly IOptions<StatusFeedOptions> options;
    private readonly ILogger<RedisInvoiceStatusFeed> logger;
    private readonly RedisChannel channel;
    private readonly LocalStatusWatchers watchers = new();
    private readonly Lock subscribing = new();
    private volatile bool subscribed;

    public RedisInvoiceStatusFeed(IConnectionMultiplexer redis, RedisOptions redisOptions, IOptions<StatusFeedOptions> options, ILogger<RedisInvoiceStatusFeed> logger)
    {
        ArgumentNullException.ThrowIfNull(redisOptions);
        this.redis = redis;
        this.options = options;
        this.logger = logger;
        channel = RedisChannel.Literal($"{redisOptions.KeyPrefix}invoice-status");
        redis.ConnectionFailed += OnConnectionFailed;
        redis.ConnectionRestored += OnConnectionRestored;
        EnsureSubscribed();
    }

    /// <summary>True while announcements from other instances arrive through Redis.</summary>
    public bool Subscribed => subscribed && redis.IsConnected;

    public void Publish(string invoiceId)
    {
        watchers.Notify(invoiceId);
        try
        {
            redis.GetSubscriber().Publish(channel, invoiceId, CommandFlags.FireAndForget);
        }
        catch (Exception failure) when (failure is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Other instances' pages find the change at their polling interval.
            LogPublishFailed(logger, failure.GetType().Name);
        }
    }

    public IInvoiceStatusWatch Watch(string invoiceId)
    {
        EnsureSubscribed();
        return watchers.Add(invoiceId, () => Subscribed ? options.Value.RecheckInterval : options.Value.PollInterval);
    }

    public void Dispose()
    {
        redis.ConnectionFailed -= OnConnectionFailed;
        redis.ConnectionRestored -= OnConnectionRestored;
    }

    private void EnsureSubscribed()
    {
        if (subscribed)
        {
            return;
        }

        lock (subscribing)
        {
            if (subscribed)
            {
                return;
            }

            try
            {
                redis.GetSubscriber().Subscribe(channel, (_, invoiceId) => watchers.Notify(invoiceId.ToString()));
                subscribed = true;
                // Anything announced before the subscription was made is unseen: everyone looks once.
                watchers.NotifyAll();
            }
            catch (Exception failure) when (failure is RedisException or TimeoutException)
            {
                LogSubscribeFailed(logger, failure.GetType().Name);
            }
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs failure)
    {
        if (failure.ConnectionType == ConnectionType.Subscription)
        {
            // Listeners fall back to the polling interval until the subscription is back.
            watchers.NotifyAll();
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs restored)
    {
        // The client restores its subscriptions itself; announcements made while it was away are lost.
        EnsureSubscribed();
        watchers.NotifyAll();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce an invoice change on Redis ({Failure}); other instances find it by polling")]
    private static partial void LogPublishFailed(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to invoice changes on Redis ({Failure}); checkout pages poll the database meanwhile")]
    private static partial void LogSubscribeFailed(ILogger logger, string failure);
}
