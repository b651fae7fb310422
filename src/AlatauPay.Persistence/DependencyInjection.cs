using AlatauPay.Application.Leases;
using AlatauPay.Application.Ports;
using AlatauPay.Persistence.Postgres;
using AlatauPay.Persistence.Sql;
using AlatauPay.Persistence.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AlatauPay.Persistence;

public static class DependencyInjection
{
    public const string DefaultSqliteConnectionString = "Data Source=data/alataupay.db";

    /// <summary>Registers the store chosen by <c>AlatauPay:Storage:Provider</c>; the repositories share the scope's session.</summary>
    public static IServiceCollection AddAlatauPersistence(this IServiceCollection services, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddScoped<WriterFence>();
        switch (options.Provider.ToUpperInvariant())
        {
            case "SQLITE":
                // Checked now, so a bad setting stops the start; registered by factory, so the container disposes it
                // at shutdown, which commits a write batch still waiting and closes the file.
                var database = new SqliteDatabase(options.ConnectionString ?? DefaultSqliteConnectionString, options.Synchronous.ToUpperInvariant());
                services.AddSingleton(_ => database);
                services.AddSingleton<SqliteMigrator>();
                services.AddSingleton<IStorageProbe, SqliteStorageProbe>();
                services.AddSingleton<IInvoiceCensus>(sp => new SqlInvoiceCensus(async ct => await sp.GetRequiredService<SqliteDatabase>().OpenAsync(ct)));
                services.AddScoped<SqliteSession>();
                services.AddScoped<IUnitOfWork>(sp => sp.GetRequiredService<SqliteSession>());
                services.AddScoped<IStoreSession>(sp => sp.GetRequiredService<SqliteSession>());
                services.AddSingleton(SqlDialect.Sqlite);
                services.AddSqlStores();
                services.AddScoped<IDepartmentRepository, SqlDepartmentRepository>();
                services.AddScoped<IInvoiceRepository, SqlInvoiceRepository>();
                services.AddSingleton<SqliteMerkleFrontier>();
                services.AddScoped<SqliteTransparencyLog>();
                services.AddScoped<ITransparencyLog>(sp => sp.GetRequiredService<SqliteTransparencyLog>());
                services.AddScoped<ILedgerRepository, SqliteLedgerRepository>();
                services.AddScoped<ILedgerReader, SqliteLedgerReader>();
                services.AddScoped<IOutbox, SqlOutbox>();

                // One process does everything on SQLite: its leases live in that process.
                services.AddSingleton<ILeaseStore>(sp => new InProcessLeaseStore(sp.GetService<TimeProvider>() ?? TimeProvider.System));
                return services;
            case "POSTGRES" or "POSTGRESQL":
                return services.AddPostgresStore(options);
            default:
                throw new InvalidOperationException(
                    $"AlatauPay:Storage:Provider is '{options.Provider}'; this build supports: sqlite, postgres.");
        }
    }

    /// <summary>Brings the schema up to date before the gateway serves anything.</summary>
    public static async Task MigrateAlatauStorageAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<PostgresMigrator>() is { } postgres)
        {
            await postgres.MigrateAsync(cancellationToken);
            return;
        }

        await services.GetRequiredService<SqliteMigrator>().MigrateAsync(cancellationToken);
        await SqliteTransparencyBackfill.RunAsync(services, cancellationToken);
    }
}
