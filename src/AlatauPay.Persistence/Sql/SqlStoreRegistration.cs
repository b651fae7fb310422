using AlatauPay.Application.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Sql;

internal static class SqlStoreRegistration
{
    /// <summary>The stores written once for both engines, on the scope's <see cref="IStoreSession"/> and the registered <see cref="SqlDialect"/>.</summary>
    public static IServiceCollection AddSqlStores(this IServiceCollection services)
    {
        services.AddScoped<IApiKeyStore, SqlApiKeyStore>();
        services.AddScoped<IIdempotencyRecords, SqlIdempotencyRecords>();
        services.AddScoped<IWebhookStore, SqlWebhookStore>();
        services.AddScoped<IEventLog, SqlEventLog>();
        services.AddScoped<IAuditFacts, SqlAuditFacts>();
        services.AddScoped<IChainStore, SqlChainStore>();
        return services;
    }
}
