using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlatauPay.Application.Chains;
using AlatauPay.Chains.Ethereum.Rpc;
using AlatauPay.Domain.Amounts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlatauPay.Chains.Ethereum;

/// <summary>
/// An Ethereum JSON-RPC node. A block costs two round trips whatever the number of watched addresses: the
/// header (taken with its hash by height), then one batch of <c>eth_getLogs</c> for the configured tokens'
/// <c>Transfer</c> events and <c>debug_traceBlockByHash</c> with the call tracer for ETH, including ETH sent
/// by contracts. A node without tracing (found at the first block, or configured with
/// <c>…:Rpc:Tracing=off</c>) is read from top-level transactions and their receipts, plus a balance check of
/// every live deposit address in batches of <see cref="EvmBalanceCheck.CallsPerBatch"/> calls to catch ETH
/// sent by contracts. Each status poll also reads the node's <c>finalized</c> block for <see cref="EvmFinality"/>.
/// </summary>
public sealed partial class EvmNode : IChainNode, IDisposable
{
    private const int HeaderCacheCapacity = 256;

    private static readonly MempoolView NoMempool = new([], new HashSet<string>(StringComparer.Ordinal));

    private readonly EvmChainOptions options;
    private readonly EvmRpcClient rpc;
    private readonly EvmBlockScanner scanner;
    private readonly ConcurrentDictionary<string, JsonElement> headers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILogger logger;
    private readonly EvmFinality finality;
    private bool tracesUnsupported;

    /// <param name="finality">Where the node's finalized block is, kept up to date for the payment method providers.</param>
    public EvmNode(EvmChainOptions options, ILogger<EvmNode>? logger = null, EvmFinality? finality = null)
        : this(options, null, logger, finality)
    {
    }

    internal EvmNode(EvmChainOptions options, HttpMessageHandler? handler, ILogger<EvmNode>? logger, EvmFinality? finality = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RpcUrl is null || options.ChainId is null)
        {
            throw new InvalidOperationException($"An ETH node needs both {EvmChainOptions.Section}:Rpc:Url and {EvmChainOptions.Section}:ChainId.");
        }

        this.options = options;
        this.logger = logger ?? NullLogger<EvmNode>.Instance;
        this.finality = finality ?? new EvmFinality();
        tracesUnsupported = options.Tracing == EvmTracing.Off;
        rpc = new EvmRpcClient(options.RpcUrl, options.RpcTimeout, handler);
        scanner = new EvmBlockScanner(options.Tokens);
        Methods = [Currency.ETH, .. options.Tokens.Select(t => t.Currency)];
    }

    public string Chain => Currency.ETH.Code;

    public IReadOnlyCollection<Currency> Methods { get; }

    /// <summary>HTTP round trips to the node so far.</summary>
    public long RoundTrips => rpc.RoundTrips;

    public async Task<NodeStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var replies = await rpc.BatchAsync(
            [Call("eth_chainId"), Call("eth_getBlockByNumber", "latest", false), Call("eth_syncing"), Call("eth_getBlockByNumber", "finalized", false)],
            cancellationToken).ConfigureAwait(false);
        var chainId = Guard(() => (long)EvmBlockScanner.Quantity(replies[0].ResultOrThrow(rpc.Endpoint).GetString() ?? ""), "chain id");
        if (chainId != options.ChainId)
        {
            throw new ChainConfigurationException(
                $"{EvmChainOptions.Section}:ChainId is {options.ChainId}, but the ETH node at {rpc.Endpoint} is on chain {chainId}.");
        }

        var tip = replies[1].ResultOrThrow(rpc.Endpoint);
        var syncing = replies[2].ResultOrThrow(rpc.Endpoint);
        var tipHeight = Guard(() => (long)EvmBlockScanner.Quantity(EvmBlockScanner.Text(tip, "number")), "latest block");
        ObserveFinality(tipHeight, replies[3]);
        return Guard(
            () => new NodeStatus(
                chainId.ToString(CultureInfo.InvariantCulture),
                tipHeight,
                EvmBlockScanner.Text(tip, "hash"),
                syncing.ValueKind == JsonValueKind.False),
            "latest block");
    }

    public async Task<string?> GetBlockHashAsync(long height, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        var header = await rpc.CallAsync("eth_getBlockByNumber", [Hex(height), false], cancellationToken).ConfigureAwait(false);
        if (header.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var hash = Guard(() => EvmBlockScanner.Text(header, "hash"));
        Remember(hash, header);
        return hash;
    }

    public async Task<ChainBlock> GetBlockAsync(string hash, IWatchList watched, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hash);
        ArgumentNullException.ThrowIfNull(watched);
        if (!headers.TryGetValue(hash, out var header))
        {
            header = await rpc.CallAsync("eth_getBlockByHash", [hash, false], cancellationToken).ConfigureAwait(false);
            if (header.ValueKind == JsonValueKind.Null)
            {
                throw new ChainUnavailableException($"The ETH node at {rpc.Endpoint} no longer has block {hash}.");
            }
        }

        var payments = new List<ObservedPayment>();
        if (!tracesUnsupported)
        {
            var traced = await TryReadTracedAsync(hash, watched, payments, cancellationToken).ConfigureAwait(false);
            if (!traced)
            {
                tracesUnsupported = true;
                LogNoTraces(logger, rpc.Endpoint);
            }
        }

        if (tracesUnsupported)
        {
            payments.Clear();
            var parentHash = Guard(() => EvmBlockScanner.Text(header, "parentHash"));
            await ReadUntracedAsync(hash, parentHash, watched, payments, cancellationToken).ConfigureAwait(false);
        }

        headers.TryRemove(hash, out _);
        return Guard(() => new ChainBlock(
            (long)EvmBlockScanner.Quantity(EvmBlockScanner.Text(header, "number")),
            EvmBlockScanner.Text(header, "hash"),
            EvmBlockScanner.Text(header, "parentHash"),
            DateTimeOffset.FromUnixTimeSeconds((long)EvmBlockScanner.Quantity(EvmBlockScanner.Text(header, "timestamp"))),
            payments));
    }

    /// <summary>Ethereum has no mempool the watcher needs: a payment counts from its first block.</summary>
    public Task<MempoolView> GetMempoolAsync(IWatchList watched, CancellationToken cancellationToken) => Task.FromResult(NoMempool);

    /// <summary>Every method of the chain is watched by the deposit address alone, as 40 lowercase hex digits.</summary>
    public string WatchKey(Currency method, string destination)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(destination);
        if (!Methods.Contains(method))
        {
            throw new ArgumentException($"The ETH chain carries no {method.Code} payments here.", nameof(method));
        }

        return EthereumAddress.IsWellFormed(destination.Trim())
            ? EthereumAddress.Key(destination.Trim())
            : throw new ArgumentException($"'{destination}' is not an Ethereum address.", nameof(destination));
    }

    public void Dispose() => rpc.Dispose();

    private async Task<bool> TryReadTracedAsync(string hash, IWatchList watched, List<ObservedPayment> payments, CancellationToken cancellationToken)
    {
        var calls = new List<EvmRpcCall> { Call("debug_traceBlockByHash", hash, new JsonObject { ["tracer"] = "callTracer" }) };
        if (scanner.TokenContracts.Count > 0)
        {
            calls.Add(LogsCall(hash));
        }

        var replies = await rpc.BatchAsync(calls, cancellationToken).ConfigureAwait(false);
        if (replies[0].Error is { Code: EvmRpcError.MethodNotFound })
        {
            return false;
        }

        Guard(() =>
        {
            EvmBlockScanner.ScanTraces(replies[0].ResultOrThrow(rpc.Endpoint), watched, payments);
            if (replies.Length > 1)
            {
                scanner.ScanLogs(replies[1].ResultOrThrow(rpc.Endpoint), watched, payments);
            }

            return true;
        });
        return true;
    }

    /// <summary>
    /// Top-level transactions, receipts, logs and the balance check go out together, chunked into batches;
    /// with no live addresses that is one round trip, as with traces.
    /// </summary>
    private async Task ReadUntracedAsync(
        string hash, string parentHash, IWatchList watched, List<ObservedPayment> payments, CancellationToken cancellationToken)
    {
        var calls = new List<EvmRpcCall> { Call("eth_getBlockByHash", hash, true), Call("eth_getBlockReceipts", hash) };
        if (scanner.TokenContracts.Count > 0)
        {
            calls.Add(LogsCall(hash));
        }

        var first = calls.Count;

        // Genesis has no parent to compare with, and what it allocates is nobody's payment.
        List<string> keys = Guard(() => EvmBlockScanner.Quantity(parentHash).IsZero) ? [] : [.. watched.Keys];
        calls.AddRange(EvmBalanceCheck.Calls(keys, hash, parentHash));
        var replies = new List<EvmRpcReply>(calls.Count);
        foreach (var chunk in calls.Chunk(EvmBalanceCheck.CallsPerBatch))
        {
            replies.AddRange(await rpc.BatchAsync(chunk, cancellationToken).ConfigureAwait(false));
        }

        Guard(() =>
        {
            var failed = replies[1].ResultOrThrow(rpc.Endpoint).EnumerateArray()
                .Where(r => EvmBlockScanner.Text(r, "status") == "0x0")
                .Select(r => EvmBlockScanner.Text(r, "transactionHash"))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            EvmBlockScanner.ScanTransactions(replies[0].ResultOrThrow(rpc.Endpoint).GetProperty("transactions"), failed, watched, payments);
            EvmBalanceCheck.Scan(keys, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(replies)[first..], hash, rpc.Endpoint, payments);
            if (first > 2)
            {
                scanner.ScanLogs(replies[2].ResultOrThrow(rpc.Endpoint), watched, payments);
            }

            return true;
        });
    }

    private void ObserveFinality(long tipHeight, EvmRpcReply reply)
    {
        if (reply.Error is null && reply.Result.ValueKind == JsonValueKind.Object)
        {
            finality.Observe(tipHeight, Guard(() => (long)EvmBlockScanner.Quantity(EvmBlockScanner.Text(reply.Result, "number"))));
        }
        else if (finality.MarkUnsupported())
        {
            LogNoFinality(logger, rpc.Endpoint, reply.Error?.ToString() ?? "no block");
        }
    }

    private EvmRpcCall LogsCall(string hash) => Call("eth_getLogs", new JsonObject
    {
        ["blockHash"] = hash,
        ["address"] = new JsonArray([.. scanner.TokenContracts.Select(c => JsonValue.Create(c))]),
        ["topics"] = new JsonArray(EvmBlockScanner.TransferTopic),
    });

    private void Remember(string hash, JsonElement header)
    {
        if (headers.Count >= HeaderCacheCapacity)
        {
            headers.Clear();
        }

        headers[hash] = header;
    }

    private T Guard<T>(Func<T> read, string what = "block")
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or KeyNotFoundException or OverflowException)
        {
            throw new ChainUnavailableException($"The ETH node at {rpc.Endpoint} sent a malformed {what} ({e.Message}).", e);
        }
    }

    private static string Hex(long value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    private static EvmRpcCall Call(string method, params JsonNode?[] parameters) => new(method, new JsonArray(parameters));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ETH node at {Endpoint} serves no call traces; ETH is read from top-level transactions and a balance check of every live deposit address")]
    private static partial void LogNoTraces(ILogger logger, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ETH node at {Endpoint} has no 'finalized' block ({Reason}); departments whose ETH wallet asks for finality wait their speed policy's depth instead")]
    private static partial void LogNoFinality(ILogger logger, string endpoint, string reason);
}
