using System.Text.Json;

namespace AlatauPay.Testing;

/// <summary>What tests do with a node: mine, pay from its wallet, replace, reorg.</summary>
public sealed partial class RegtestNode
{
    /// <summary>Litecoin regtest refuses block 432 (MWEB activation) until something is pegged in at 431.</summary>
    public const int MwebActivationHeight = 432;

    /// <summary>Raw JSON-RPC for anything the helpers do not cover.</summary>
    public Task<JsonElement> CallAsync(string method, params object?[] parameters) => Rpc.CallAsync(method, parameters);

    public async Task<string> GetNewAddressAsync() => (await CallAsync("getnewaddress")).GetString()!;

    public async Task<long> GetBlockCountAsync() => (await CallAsync("getblockcount")).GetInt64();

    public async Task<string> GetBestBlockHashAsync() => (await CallAsync("getbestblockhash")).GetString()!;

    /// <summary>
    /// Mines <paramref name="blocks"/> blocks to a fresh wallet address; returns their hashes in order. A fresh
    /// coinbase keeps a block mined right after <c>invalidateblock</c> from repeating the invalidated one
    /// (same transactions, same second), which the node would refuse.
    /// </summary>
    public async Task<IReadOnlyList<string>> MineAsync(int blocks) =>
        [.. (await CallAsync("generatetoaddress", blocks, await GetNewAddressAsync()))
            .EnumerateArray().Select(hash => hash.GetString()!)];

    public async Task MineUntilHeightAsync(long height)
    {
        var missing = height - await GetBlockCountAsync();
        if (missing > 0)
        {
            await MineAsync(checked((int)missing));
        }
    }

    /// <summary>Pays <paramref name="amount"/> from the wallet; <paramref name="replaceable"/> signals BIP125. Returns the txid.</summary>
    public async Task<string> SendAsync(string address, decimal amount, bool replaceable = false) =>
        (await CallAsync("sendtoaddress", address, amount, "", "", false, replaceable)).GetString()!;

    /// <summary>One transaction paying every address its amount. Returns the txid.</summary>
    public async Task<string> SendManyAsync(IReadOnlyDictionary<string, decimal> amounts) =>
        (await CallAsync("sendmany", "", amounts)).GetString()!;

    /// <summary>Replaces an unconfirmed, replaceable wallet transaction with a higher fee. Returns the new txid.</summary>
    public async Task<string> BumpFeeAsync(string txid) => (await CallAsync("bumpfee", txid)).GetProperty("txid").GetString()!;

    public Task InvalidateBlockAsync(string hash) => CallAsync("invalidateblock", hash);

    public Task ReconsiderBlockAsync(string hash) => CallAsync("reconsiderblock", hash);

    /// <summary>
    /// For Litecoin, takes the chain past MWEB activation (FACTS.md): mine to 431, peg in from the wallet to
    /// an MWEB address, mine past 432. Nothing to do for Bitcoin or when already past.
    /// </summary>
    public async Task EnsureMwebActiveAsync()
    {
        if (!Daemon.IsLitecoin || await GetBlockCountAsync() >= MwebActivationHeight)
        {
            return;
        }

        await MineUntilHeightAsync(MwebActivationHeight - 1);
        var mweb = (await CallAsync("getnewaddress", "", "mweb")).GetString()!;
        await SendAsync(mweb, 1m);
        await MineAsync(2);
    }
}
