using AlatauPay.Application.Access;
using AlatauPay.Application.Departments;
using AlatauPay.Application.Diagnostics;
using AlatauPay.Application.Leases;
using AlatauPay.Application.Ledger.Transparency;
using AlatauPay.Application.Ports;
using AlatauPay.Application.Rates;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AlatauPay.Application;

public static class DependencyInjection
{
    /// <summary>Validators, the clock and the default rate source. The mediator itself is generated in the host.</summary>
    public static IServiceCollection AddAlatauApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssemblyContaining<RatesOptions>(ServiceLifetime.Singleton);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<Caller>();
        services.TryAddSingleton<IRateSource, FixedRateSource>();
        services.TryAddScoped<TreeHeadSigner>();
        services.TryAddSingleton<AlatauPayMetrics>();
        services.TryAddSingleton<DepartmentCache>();
        services.TryAddScoped<WriterFence>();
        services.TryAddSingleton<GatewayInstance>();
        return services;
    }
}
