using AlatauPay.Application.Chains;
using AlatauPay.Chains.Bitcoin.Derivation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlatauPay.Chains.Bitcoin;

public static partial class BitcoinFamilyServiceCollectionExtensions
{
    /// <summary>
    /// Registers the BTC and LTC payment methods, each on the network set at
    /// <c>AlatauPay:Chains:BTC:Network</c> and <c>AlatauPay:Chains:LTC:Network</c>, and for each chain that
    /// also has <c>…:Rpc:Url</c> an <see cref="IChainNode"/> singleton (also keyed by the chain code).
    /// </summary>
    /// <exception cref="InvalidOperationException">A configured network or RPC setting is invalid; the host stops at start.</exception>
    public static IServiceCollection AddBitcoinFamilyChains(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var chain in new[] { BitcoinFamilyChain.Bitcoin, BitcoinFamilyChain.Litecoin })
        {
            var options = BitcoinFamilyConfiguration.Read(configuration, chain);

            // Built here rather than in the factory so a bad network value fails while the host is being composed;
            // the factory only says, once, how its addresses will be derived.
            var method = new BitcoinFamilyPaymentMethodProvider(chain, options);
            services.AddSingleton<IPaymentMethodProvider>(provider =>
            {
                LogDerivation(provider.GetService<ILogger<BitcoinFamilyPaymentMethodProvider>>(), method);
                return method;
            });
            if (options.Rpc.Url is not null)
            {
                AddNode(services, chain, options);
            }
        }

        return services;
    }

    private static void LogDerivation(ILogger? logger, BitcoinFamilyPaymentMethodProvider method)
    {
        if (logger is null || method.Network is null)
        {
            return;
        }

        if (NativeSecp256k1.Instance is { } native)
        {
            LogNativeDerivation(logger, method.Method.Code, native.LibraryName);
        }
        else
        {
            LogManagedDerivation(logger, method.Method.Code);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Chain} deposit addresses are derived through the system's libsecp256k1 ({Library})")]
    private static partial void LogNativeDerivation(ILogger logger, string chain, string library);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "{Chain} deposit addresses are derived through NBitcoin's managed secp256k1, several times slower: libsecp256k1 was not found (Debian package libsecp256k1-1)")]
    private static partial void LogManagedDerivation(ILogger logger, string chain);

    private static void AddNode(IServiceCollection services, BitcoinFamilyChain chain, BitcoinFamilyOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Network))
        {
            throw new InvalidOperationException(
                $"{chain.ConfigurationSection}:Rpc:Url is set but {chain.ConfigurationSection}:Network is not; set the network the node runs.");
        }

        var code = chain.Currency.Code;
        services.AddKeyedSingleton<IChainNode>(
            code,
            (provider, _) => new BitcoinFamilyNode(chain, options, provider.GetService<ILogger<BitcoinFamilyNode>>()));
        services.AddSingleton(provider => provider.GetRequiredKeyedService<IChainNode>(code));
    }
}
