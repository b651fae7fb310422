namespace AlatauPay.Chains.Bitcoin.Rpc;

/// <summary>How to reach a chain's Bitcoin Core JSON-RPC, bound from <c>AlatauPay:Chains:{BTC|LTC}:Rpc</c>.</summary>
public sealed class BitcoinRpcOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The node's RPC endpoint, e.g. <c>http://127.0.0.1:9332/</c>; null leaves the chain unwatched.</summary>
    public Uri? Url { get; set; }

    /// <summary>With <see cref="Password"/>: the node's <c>rpcuser</c>/<c>rpcauth</c> user. Takes precedence over the cookie.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>The node's <c>.cookie</c> file (<c>user:password</c>), re-read whenever the node refuses it.</summary>
    public string? CookieFile { get; set; }

    /// <summary>The longest one call (or one batch) may take, response body included.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;
}
