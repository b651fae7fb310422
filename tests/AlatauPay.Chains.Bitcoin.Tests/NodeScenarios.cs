using AlatauPay.Application.Chains;
using AlatauPay.Chains.Bitcoin.Rpc;
using AlatauPay.Domain.Amounts;
using AlatauPay.Testing;

namespace AlatauPay.Chains.Bitcoin.Tests;

/// <summary>
/// What <see cref="BitcoinFamilyNode"/> must do against a real node; run once per node kind by the
/// subclasses, each with its own regtest node.
/// </summary>
public abstract partial class NodeScenarios(RegtestNodeFixture fixture) : IDisposable
{
    private static int nextIndex;
    private readonly List<BitcoinFamilyNode> connected = [];

    // Every call to a node gives up after this long rather than hanging the run.
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(2));

    protected RegtestNode Node => fixture.Node;

    private BitcoinFamilyChain Chain => Node.Daemon.IsLitecoin ? BitcoinFamilyChain.Litecoin : BitcoinFamilyChain.Bitcoin;

    private Currency Currency => Chain.Currency;

    private CancellationToken Token => timeout.Token;

    public void Dispose()
    {
        connected.ForEach(node => node.Dispose());
        timeout.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The node under test, talking to the regtest node with its user and password unless changed.</summary>
    private BitcoinFamilyNode Connect(Action<BitcoinRpcOptions>? change = null, string network = "regtest")
    {
        var rpc = new BitcoinRpcOptions { Url = Node.RpcUrl, User = Node.RpcUser, Password = Node.RpcPassword };
        change?.Invoke(rpc);
        var node = new BitcoinFamilyNode(Chain, new BitcoinFamilyOptions { Network = network, Rpc = rpc });
        connected.Add(node);
        return node;
    }

    /// <summary>A fresh deposit address as the gateway issues it, derived from a test account key.</summary>
    private string DepositAddress()
    {
        var provider = new BitcoinFamilyPaymentMethodProvider(Chain, new BitcoinFamilyOptions { Network = "regtest" });
        var key = provider.ParseWalletKey(TestKeys.Tpub, "wallet");
        return provider.Derive(key, Interlocked.Increment(ref nextIndex), Money.Zero(Currency)).Address;
    }

    private static ScriptWatchList Watching(BitcoinFamilyNode node, params string[] addresses)
    {
        var list = new ScriptWatchList();
        foreach (var address in addresses)
        {
            list.Add(node.WatchKey(node.Methods.Single(), address));
        }

        return list;
    }

    private async Task<ChainBlock> MineAndReadAsync(BitcoinFamilyNode node, IWatchList watched)
    {
        var hash = (await Node.MineAsync(1))[0];
        return await node.GetBlockAsync(hash, watched, Token);
    }
}

public sealed class LitecoinNodeTests(LitecoinNodeFixture fixture) : NodeScenarios(fixture), IClassFixture<LitecoinNodeFixture>;

[RequiresBitcoind]
public sealed class BitcoinCoreNodeTests(BitcoinNodeFixture fixture) : NodeScenarios(fixture), IClassFixture<BitcoinNodeFixture>;
