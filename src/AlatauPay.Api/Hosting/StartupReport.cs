using AlatauPay.Api.Auth;
using AlatauPay.Application.Chains;
using AlatauPay.Application.Ports;
using Microsoft.Extensions.Options;

namespace AlatauPay.Api.Hosting;

/// <summary>Tells the operator at start what the gateway will and will not do with its configuration.</summary>
internal static partial class StartupReport
{
    public static void Write(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("AlatauPay.Startup");
        var storage = services.GetRequiredService<IStorageProbe>().Describe();
        LogStorage(logger, storage);
        foreach (var provider in services.GetServices<IPaymentMethodProvider>())
        {
            if (provider.Network is null)
            {
                LogMethodOff(logger, provider.Method.Code, provider.WalletChain);
            }
            else
            {
                LogMethodOn(logger, provider.Method.Code, provider.Network);
            }
        }

        if (string.IsNullOrWhiteSpace(services.GetRequiredService<IOptions<AuthOptions>>().Value.BootstrapKey))
        {
            LogNoKey(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage: {Storage}")]
    private static partial void LogStorage(ILogger logger, string storage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment method {Method}: {Network} network")]
    private static partial void LogMethodOn(ILogger logger, string method, string network);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment method {Method}: off (set AlatauPay:Chains:{Chain}:Network)")]
    private static partial void LogMethodOff(ILogger logger, string method, string chain);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AlatauPay:Auth:BootstrapKey is not set: every /v1 request will be refused with 401.")]
    private static partial void LogNoKey(ILogger logger);
}
