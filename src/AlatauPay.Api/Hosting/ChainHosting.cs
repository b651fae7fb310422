using AlatauPay.Application.Chains;
using AlatauPay.Application.Chains.Watching;
using AlatauPay.Application.Leases;
using AlatauPay.Application.Ports;

namespace AlatauPay.Api.Hosting;

/// <summary>One watcher per chain with a node; chains with a network but no node are reported as not watched.</summary>
public static class ChainHosting
{
    public static IServiceCollection AddChainWatchers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ChainHealthBoard>();
        services.Configure<LeaseOptions>(configuration.GetSection(LeaseOptions.Section));
        services.AddSingleton<IHostedService>(sp =>
        {
            var watchers = sp.GetServices<IChainNode>().Select(node =>
            {
                var options = configuration.GetSection($"AlatauPay:Chains:{node.Chain}:Watch").Get<ChainWatchOptions>() ?? new ChainWatchOptions();
                var watcher = ActivatorUtilities.CreateInstance<ChainWatcher>(sp, node, options);
                return (IHostedService)ActivatorUtilities.CreateInstance<ChainWatcherService>(sp, watcher, options);
            });
            return new HostedServiceGroup([.. watchers]);
        });
        return services;
    }

    /// <summary>
    /// Checks every configured node before the gateway serves: a node on another network or refusing the
    /// credentials stops start-up with a message naming the setting. An unreachable node does not — the
    /// watcher retries — but is reported.
    /// </summary>
    public static async Task CheckChainsAsync(this IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        var board = services.GetRequiredService<ChainHealthBoard>();
        var nodes = services.GetServices<IChainNode>().ToList();
        foreach (var provider in services.GetServices<IPaymentMethodProvider>().Where(p => p.Network is not null))
        {
            if (nodes.All(n => n.Chain != provider.WalletChain))
            {
                board.Report(new ChainHealth(provider.WalletChain, false, false, false, null, null, null, null, null));
                StartupLog.NotWatched(logger, provider.WalletChain);
            }
        }

        foreach (var node in nodes)
        {
            try
            {
                var status = await node.GetStatusAsync(cancellationToken);
                StartupLog.NodeReady(logger, node.Chain, status.Network, status.TipHeight);

                // Listed from the start on every instance, the standbys too (they never poll while another holds
                // the watcher's lease), with the last block any instance's watcher recorded.
                await using var scope = services.CreateAsyncScope();
                var tip = await scope.ServiceProvider.GetRequiredService<IChainStore>().GetTipAsync(node.Chain, cancellationToken);
                board.Report(new ChainHealth(node.Chain, true, true, status.Synced, status.TipHeight, tip?.Height, tip?.Hash, null, null));
            }
            catch (ChainUnavailableException unavailable)
            {
                board.Report(new ChainHealth(node.Chain, true, false, false, null, null, null, null, unavailable.Message));
                StartupLog.NodeUnavailable(logger, node.Chain, unavailable.Message);
            }
        }
    }
}

/// <summary>Starts and stops several hosted services as one registration.</summary>
internal sealed class HostedServiceGroup(IReadOnlyList<IHostedService> services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.WhenAll(services.Select(s => s.StartAsync(cancellationToken)));

    public Task StopAsync(CancellationToken cancellationToken) => Task.WhenAll(services.Select(s => s.StopAsync(cancellationToken)));
}

internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Chain}: addresses are issued but payments are not watched; set AlatauPay:Chains:{Chain}:Rpc:Url")]
    public static partial void NotWatched(ILogger logger, string chain);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Chain}: node on {Network} at height {Height}")]
    public static partial void NodeReady(ILogger logger, string chain, string network, long height);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Chain}: node unreachable at start ({Reason}); the watcher keeps trying")]
    public static partial void NodeUnavailable(ILogger logger, string chain, string reason);
}
