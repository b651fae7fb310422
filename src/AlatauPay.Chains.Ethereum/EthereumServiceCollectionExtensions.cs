using AlatauPay.Application.Chains;
using AlatauPay.Domain.Amounts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlatauPay.Chains.Ethereum;

public static class EthereumServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ETH, USDT and USDC payment methods from <c>AlatauPay:Chains:ETH</c> and, when
    /// <c>…:Rpc:Url</c> is set, an <see cref="IChainNode"/> singleton (also keyed "ETH").
    /// </summary>
    /// <exception cref="InvalidOperationException">A setting is invalid; the host stops at start.</exception>
    public static IServiceCollection AddEthereumChain(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = EvmConfiguration.Read(configuration);
        var forwarders = options.ForwarderFactory is { } factory ? new ForwarderAddresses(factory) : null;
        var finality = new EvmFinality();
        services.AddSingleton(options);
        services.AddSingleton(finality);
        foreach (var method in new[] { Currency.ETH, Currency.USDT, Currency.USDC })
        {
            services.AddSingleton<IPaymentMethodProvider>(new EvmPaymentMethodProvider(method, options, forwarders, finality));
        }

        if (options.RpcUrl is not null)
        {
            if (!options.IsConfigured)
            {
                throw new InvalidOperationException(
                    $"{EvmChainOptions.Section}:Rpc:Url is set but :ChainId or :ForwarderFactory is not; set the chain id the node runs and the factory deployed on it.");
            }

            services.AddKeyedSingleton<IChainNode>(Currency.ETH.Code, (provider, _) => new EvmNode(options, provider.GetService<ILogger<EvmNode>>(), finality));
            services.AddSingleton(provider => provider.GetRequiredKeyedService<IChainNode>(Currency.ETH.Code));
        }

        return services;
    }
}
