using AlatauPay.Application.Chains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Chains.Bitcoin;

public static class BitcoinFamilyServiceCollectionExtensions
{
    /// <summary>
    /// Registers the BTC and LTC payment methods, each on the network set at
    /// <c>AlatauPay:Chains:BTC:Network</c> and <c>AlatauPay:Chains:LTC:Network</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A configured network is unknown; the host stops at start.</exception>
    public static IServiceCollection AddBitcoinFamilyChains(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var chain in new[] { BitcoinFamilyChain.Bitcoin, BitcoinFamilyChain.Litecoin })
        {
            var options = new BitcoinFamilyOptions
            {
                Network = configuration[$"{chain.ConfigurationSection}:{nameof(BitcoinFamilyOptions.Network)}"],
            };

            // Built here rather than in a factory so a bad network value fails while the host is being composed.
            services.AddSingleton<IPaymentMethodProvider>(new BitcoinFamilyPaymentMethodProvider(chain, options));
        }

        return services;
    }
}
