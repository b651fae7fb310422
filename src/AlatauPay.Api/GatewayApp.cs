using AlatauPay.Api.Auth;
using AlatauPay.Api.Checkout;
using AlatauPay.Api.Endpoints;
using AlatauPay.Api.Errors;
using AlatauPay.Api.Hosting;
using AlatauPay.Api.Observability;
using AlatauPay.Application;
using AlatauPay.Application.Behaviors;
using AlatauPay.Application.Invoices.Create;
using AlatauPay.Application.Invoices.StatusFeed;
using AlatauPay.Application.Ports;
using AlatauPay.Application.Rates;
using AlatauPay.Chains.Bitcoin;
using AlatauPay.Chains.Ethereum;
using AlatauPay.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;

namespace AlatauPay.Api;

/// <summary>Builds the gateway: the same composition for <c>Program</c>, the tests and the benchmarks.</summary>
public static class GatewayApp
{
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        });

        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddMediator(options =>
        {
            options.Namespace = "AlatauPay.Api.Mediation";
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(CreateInvoiceCommand)];
            options.PipelineBehaviors =
            [
                typeof(LoggingBehavior<,>),
                typeof(ValidationBehavior<,>),
                typeof(TransactionBehavior<,>),
            ];
        });
        services.AddAlatauApplication();
        services.Configure<RatesOptions>(configuration.GetSection(RatesOptions.Section));
        services.AddAlatauPersistence(configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions());
        services.AddBitcoinFamilyChains(configuration);
        services.AddEthereumChain(configuration);
        services.AddLedgerSigningKey(configuration);
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));
        services.Configure<GatewayOptions>(configuration.GetSection(GatewayOptions.Section));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddMerchantIntegration(configuration);
        // After Redis's registration: with Redis configured, invoice changes are announced through it instead.
        services.Configure<StatusFeedOptions>(configuration.GetSection(StatusFeedOptions.Section));
        services.TryAddSingleton<IInvoiceStatusFeed, PollingInvoiceStatusFeed>();
        services.AddHostedService<InvoiceExpiryService>();
        services.AddChainWatchers(configuration);
        builder.AddAlatauOperations();

        services.ConfigureHttpJsonOptions(json => JsonPolicy.Apply(json.SerializerOptions));
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ProblemCodes.AddDefaultCode);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi(OpenApiContract.Describe);
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"])
            .AddCheck<ChainHealthCheck>("chains", tags: ["ready"]);

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseHeadAsGet();
        app.UseRouting();
        app.UseRequestBuffering();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseUtf8BodiesOnly();
        app.UseNoNulCharacters();
        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.MapHealthEndpoints();
        app.UseAlatauMetrics();
        app.MapCheckout();

        var v1 = app.MapGroup("/v1").RequireAuthorization().WithCommonProblems();
        v1.MapMerchantApis();
        v1.MapDepartmentsApi();
        v1.MapInvoicesApi();
        v1.MapChainsApi();
        v1.MapInvoiceAuditApi();
        v1.MapLedgerApi();
        return app;
    }

    /// <summary>Brings storage up to date and says what is not configured; call before the first request.</summary>
    public static async Task PrepareAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        await app.Services.MigrateAlatauStorageAsync(cancellationToken);
        StartupReport.Write(app.Services);
        await app.Services.CheckChainsAsync(app.Logger, cancellationToken);
    }
}
