using System.Text.Json;
using AlatauPay.Application.Chains;
using AlatauPay.Chains.Bitcoin.Rpc;
using AlatauPay.Domain.Amounts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NBitcoin;

namespace AlatauPay.Chains.Bitcoin;

/// <summary>A Bitcoin Core (or Litecoin Core) node of one chain, spoken to over JSON-RPC. Its wallet is never used.</summary>
public sealed partial class BitcoinFamilyNode : IChainNode, IDisposable
{
    // Core's default mempool holds well under this many transactions; beyond it polls re-fetch instead of growing.
    private const int MempoolCacheCapacity = 300_000;
    private const int MempoolBatchSize = 250;
    private const string NoParent = "0000000000000000000000000000000000000000000000000000000000000000";

    private readonly BitcoinFamilyChain chain;
    private readonly string networkName;
    private readonly NBitcoin.Network network;
    private readonly BitcoinRpcClient rpc;
    private readonly TransactionScanner scanner;
    private readonly MempoolCache mempool = new(MempoolCacheCapacity);
    private readonly SemaphoreSlim mempoolGate = new(1, 1);
    private readonly ILogger logger;

    /// <exception cref="InvalidOperationException">The network or the RPC URL is not configured, or the network is unknown.</exception>
    public BitcoinFamilyNode(BitcoinFamilyChain chain, BitcoinFamilyOptions options, ILogger<BitcoinFamilyNode>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Network) || options.Rpc.Url is null)
        {
            throw new InvalidOperationException(
                $"A {chain.Currency.Code} node needs both {chain.ConfigurationSection}:Network and {chain.ConfigurationSection}:Rpc:Url.");
        }

        this.chain = chain;
        (networkName, network) = chain.ResolveNetwork(options.Network);
        this.logger = logger ?? NullLogger<BitcoinFamilyNode>.Instance;
        rpc = new BitcoinRpcClient(options.Rpc, Chain, $"{chain.ConfigurationSection}:Rpc", this.logger);
        scanner = new TransactionScanner(chain.Currency, network);
    }

    public string Chain => chain.Currency.Code;

    public IReadOnlyCollection<Currency> Methods => [chain.Currency];

    public async Task<NodeStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var status = await rpc.CallAsync(
            new RpcRequest("getblockchaininfo"),
            info => new NodeStatus(
                info.RequiredString("chain"),
                info.RequiredInt64("blocks"),
                info.RequiredString("bestblockhash"),
                !info.RequiredBoolean("initialblockdownload")),
            cancellationToken).ConfigureAwait(false);
        if (!string.Equals(status.Network, networkName, StringComparison.Ordinal))
        {
            throw new ChainConfigurationException(
                $"{chain.ConfigurationSection}:Network is '{networkName}', but the {Chain} node at {rpc.Endpoint} is on '{status.Network}'.");
        }

        return status;
    }

    public Task<string?> GetBlockHashAsync(long height, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        return rpc.CallAsync(
            new RpcRequest("getblockhash", height),
            reply => reply.Error is { Code: RpcError.InvalidParameter } ? null : reply.ResultOrThrow(Chain).GetString() ?? throw new FormatException("the hash is not a string"),
            cancellationToken);
    }

    public Task<ChainBlock> GetBlockAsync(string hash, IWatchList watched, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hash);
        ArgumentNullException.ThrowIfNull(watched);
        return rpc.CallAsync(new RpcRequest("getblock", hash, 2), block => ReadBlock(block, watched), cancellationToken);
    }

    public async Task<MempoolView> GetMempoolAsync(IWatchList watched, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watched);
        await mempoolGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadMempoolAsync(watched, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            mempoolGate.Release();
        }
    }

    public string WatchKey(Currency method, string destination)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(destination);
        if (method != chain.Currency)
        {
            throw new ArgumentException($"The {Chain} chain carries no {method.Code} payments.", nameof(method));
        }

        try
        {
            return BitcoinAddress.Create(destination.Trim(), network).ScriptPubKey.ToHex().ToLowerInvariant();
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"'{destination}' is not a {Chain} address on {networkName}.", nameof(destination), e);
        }
    }

    public void Dispose()
    {
        rpc.Dispose();
        mempoolGate.Dispose();
    }

    internal ChainBlock ReadBlock(JsonElement block, IWatchList watched)
    {
        var matches = new List<TransactionScanner.Match>();
        foreach (var transaction in block.RequiredArray("tx").EnumerateArray())
        {
            scanner.Scan(transaction, watched, matches);
        }

        // Only the genesis block has no parent; the watcher never starts below it.
        var parent = block.TryGetProperty("previousblockhash", out _) ? block.RequiredString("previousblockhash") : NoParent;
        return new ChainBlock(
            block.RequiredInt64("height"),
            block.RequiredString("hash"),
            parent,
            DateTimeOffset.FromUnixTimeSeconds(block.RequiredInt64("time")),
            [.. matches.Select(m => m.Payment)]);
    }
}
