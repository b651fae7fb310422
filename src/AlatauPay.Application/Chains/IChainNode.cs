using AlatauPay.Domain.Amounts;

namespace AlatauPay.Application.Chains;

/// <summary>
/// What the chain watcher needs from a node. One implementation per chain family (Bitcoin Core JSON-RPC
/// for BTC and LTC, an EVM JSON-RPC endpoint for ETH and its tokens). The watcher is the same for all:
/// it keeps its own table of blocks, checks each block's parent, walks back on reorgs, and decides what a
/// payment means; the node only answers questions about the chain as it is now.
/// </summary>
public interface IChainNode
{
    /// <summary>The chain's code, as in configuration and in the wallets of a department ("BTC", "LTC").</summary>
    string Chain { get; }

    /// <summary>The payment methods whose payments this chain carries (BTC; ETH, USDT and USDC on ETH).</summary>
    IReadOnlyCollection<Currency> Methods { get; }

    /// <summary>
    /// Checks that the node answers and is on the configured network. Throws
    /// <see cref="ChainConfigurationException"/> naming the setting when it is on another network or refuses
    /// the credentials; throws <see cref="ChainUnavailableException"/> when it cannot be reached.
    /// </summary>
    Task<NodeStatus> GetStatusAsync(CancellationToken cancellationToken);

    /// <summary>The hash of the block at <paramref name="height"/> on the node's best chain; null above its tip.</summary>
    Task<string?> GetBlockHashAsync(long height, CancellationToken cancellationToken);

    /// <summary>
    /// The block with this hash, its parent, and every output (or transfer) in it that pays a destination of
    /// <paramref name="watched"/>. Matching is by the chain's own key (a script, an address), never by
    /// decoded address fields, whose shape differs between node versions.
    /// </summary>
    Task<ChainBlock> GetBlockAsync(string hash, IWatchList watched, CancellationToken cancellationToken);

    /// <summary>Unconfirmed payments to <paramref name="watched"/> now in the node's mempool, and every txid it holds.</summary>
    Task<MempoolView> GetMempoolAsync(IWatchList watched, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="GetMempoolAsync(IWatchList, CancellationToken)"/>, and the view's txids include each of
    /// <paramref name="unconfirmed"/> (payments the store holds as unconfirmed: seen in the mempool, or in a block a
    /// reorg took away) that the node holds pending. One it has mined again is in a block the watcher connects; one
    /// it does not know is gone. A node whose mempool read lists every transaction in its pool needs nothing more;
    /// one that cannot list its pool (an Ethereum node) asks about each.
    /// </summary>
    Task<MempoolView> GetMempoolAsync(IWatchList watched, IReadOnlyCollection<string> unconfirmed, CancellationToken cancellationToken) =>
        GetMempoolAsync(watched, cancellationToken);

    /// <summary>The key <see cref="IWatchList"/> holds for a deposit destination of <paramref name="method"/> (e.g. its script as hex).</summary>
    string WatchKey(Currency method, string destination);
}

/// <summary>The set of deposit destinations being watched, by <see cref="IChainNode.WatchKey"/>.</summary>
public interface IWatchList
{
    int Count { get; }

    /// <summary>Every key in the list, in lowercase; for nodes that must ask about each destination (an EVM balance check).</summary>
    IEnumerable<string> Keys { get; }

    bool Contains(string watchKey);
}

public sealed record NodeStatus(string Network, long TipHeight, string TipHash, bool Synced);

public sealed record ChainBlock(long Height, string Hash, string ParentHash, DateTimeOffset Time, IReadOnlyList<ObservedPayment> Payments);

/// <summary>
/// One output (or log) paying a watched destination, keyed by its natural key: chain, txid and output
/// (or log) index. <paramref name="Destination"/> is the address as the gateway issued it.
/// </summary>
public sealed record ObservedPayment(string TxId, int Index, Currency Method, string Destination, Money Amount);

public sealed record MempoolView(IReadOnlyList<ObservedPayment> Payments, IReadOnlySet<string> TxIds);

/// <summary>The node contradicts configuration (wrong network, wrong credentials): start-up must stop.</summary>
public sealed class ChainConfigurationException(string message) : Exception(message);

/// <summary>The node could not be reached or answered nonsense; the watcher retries with backoff.</summary>
public sealed class ChainUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
