using AlatauPay.Api.Auth;
using AlatauPay.Api.Endpoints;
using AlatauPay.Api.Idempotency;
using AlatauPay.Api.RateLimiting;
using AlatauPay.Api.Webhooks;
using AlatauPay.Application.Idempotency;
using AlatauPay.Application.Leases;
using AlatauPay.Application.Ports;
using AlatauPay.Application.Webhooks;
using AlatauPay.Redis;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AlatauPay.Api;

/// <summary>What merchants integrate with: scoped keys, idempotent POSTs, webhooks, rate limits.</summary>
internal static class MerchantIntegration
{
    public static void AddMerchantIntegration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthorization(options => options.AddScopePolicies());
        services.AddPerKeyRateLimit(configuration);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeProblemResultHandler>();

        services.Configure<IdempotencyOptions>(configuration.GetSection(IdempotencyOptions.Section));
        var idempotency = configuration.GetSection(IdempotencyOptions.Section).Get<IdempotencyOptions>() ?? new IdempotencyOptions();
        services.AddAlatauRedis(configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions(), idempotency.InFlightTimeout);
        services.TryAddSingleton<IIdempotencyGate, InProcessIdempotencyGate>();
        services.AddHostedService<IdempotencyPurgeService>();

        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<IOutboxSignal>(sp => sp.GetRequiredService<DispatchSignal>());
        services.AddSingleton<WebhookSender>();
        // The client's own request logs would carry merchants' URLs, which may hold tokens.
        services.AddHttpClient(WebhookSender.ClientName)
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectCallback = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateNetworks ? null : PublicReceiversOnly.ConnectAsync,
            })
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout);
        services.Configure<LeaseOptions>(configuration.GetSection(LeaseOptions.Section));
        services.AddHostedService<WebhookDispatcher>();
    }

    /// <summary>Buffers POST bodies so the idempotency fingerprint can read what the endpoint binds.</summary>
    public static void UseRequestBuffering(this WebApplication app) =>
        app.Use((context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method))
            {
                context.Request.EnableBuffering();
            }

            return next(context);
        });

    public static void MapMerchantApis(this RouteGroupBuilder v1)
    {
        v1.RequireRateLimiting(PerKeyRateLimit.Policy);
        v1.AddEndpointFilter<IdempotencyFilter>();
        v1.MapApiKeysApi();
        v1.MapWebhooksApi();
        v1.MapEventsApi();
    }
}
