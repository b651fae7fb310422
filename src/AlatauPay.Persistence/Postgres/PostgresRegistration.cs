using AlatauPay.Application.Ports;
using AlatauPay.Persistence.Sql;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Postgres;

internal static class PostgresRegistration
{
    /// <summary>The PostgreSQL store behind the same ports as SQLite; the repositories share the scope's session.</summary>
    public static IServiceCollection AddPostgresStore(this IServiceCollection services, StorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException("AlatauPay:Storage:ConnectionString is required when AlatauPay:Storage:Provider is postgres.");
        }

        services.AddSingleton(new PostgresDatabase(options.ConnectionString));
        services.AddSingleton<PostgresMigrator>();
        services.AddSingleton<IStorageProbe, PostgresStorageProbe>();
        services.AddSingleton<IInvoiceCensus>(sp => new SqlInvoiceCensus(async ct => await sp.GetRequiredService<PostgresDatabase>().OpenAsync(ct)));
        services.AddScoped<PostgresSession>();
        services.AddScoped<IUnitOfWork>(sp => sp.GetRequiredService<PostgresSession>());
        services.AddScoped<IStoreSession>(sp => sp.GetRequiredService<PostgresSession>());
        services.AddSingleton(SqlDialect.Postgres);
        services.AddSqlStores();
        services.AddScoped<IDepartmentRepository, PostgresDepartmentRepository>();
        services.AddScoped<IInvoiceRepository, PostgresInvoiceRepository>();
        services.AddScoped<PostgresTransparencyLog>();
        services.AddScoped<ITransparencyLog>(sp => sp.GetRequiredService<PostgresTransparencyLog>());
        services.AddScoped<ILedgerRepository, PostgresLedgerRepository>();
        services.AddScoped<ILedgerReader, PostgresLedgerReader>();
        services.AddScoped<IOutbox, PostgresOutbox>();
        services.AddSingleton<ILeaseStore, PostgresLeaseStore>();
        return services;
    }
}
