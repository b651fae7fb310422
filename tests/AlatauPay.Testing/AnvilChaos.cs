using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlatauPay.Testing;

/// <summary>
/// Drives an anvil devnet for fault drills: pays invoices in ETH or a token, replaces the top blocks with
/// <c>anvil_reorg</c> (a branch of the same height whose blocks carry the reorganised payments again, hold
/// them back for later, or drop them for good), and stops and restarts anvil. Restarting keeps the chain
/// only when the devnet was started with <c>--state</c>.
/// </summary>
public sealed class AnvilChaos(EvmDevnet devnet)
{
    private readonly HashSet<string> payments = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> held = [];

    private AnvilNode Anvil => devnet.Anvil;

    public IReadOnlyCollection<string> Payments => payments;

    /// <summary>Pays <paramref name="wei"/> from the devnet's resident; returns the transaction hash (mined at once).</summary>
    public async Task<string> PayEtherAsync(string address, BigInteger wei) =>
        Track(await Anvil.SendAsync(devnet.Resident, address, wei));

    /// <summary>Transfers <paramref name="amount"/> of <paramref name="token"/> from the resident; returns the transaction hash.</summary>
    public async Task<string> PayTokenAsync(string token, string address, BigInteger amount) =>
        Track(await Anvil.SendAsync(devnet.Resident, token, 0, Abi.Call("transfer(address,uint256)", address, amount)));

    /// <summary>
    /// Replaces the top <paramref name="depth"/> blocks with as many new ones. The drill's payments among them
    /// are mined again in the new branch's last block, held back until <see cref="ReleaseHeldAsync"/>, or
    /// dropped (<see cref="ReorgKind.DoubleSpend"/>: on an account chain a dropped transaction's nonce is
    /// soon taken by the next one, which is what a double spend comes to).
    /// </summary>
    public async Task<ReorgRecord> ReorgAsync(int depth, ReorgKind kind)
    {
        var tip = await Anvil.BlockNumberAsync();
        var touched = new List<string>();
        for (var height = tip - depth + 1; height <= tip; height++)
        {
            var block = await Anvil.CallAsync("eth_getBlockByNumber", AnvilNode.Hex(height), false);
            touched.AddRange(block.GetProperty("transactions").EnumerateArray().Select(t => t.GetString()!).Where(payments.Contains));
        }

        var raws = new List<string>();
        foreach (var hash in touched)
        {
            raws.Add((await Anvil.CallAsync("eth_getRawTransactionByHash", hash)).GetString()!);
        }

        var pairs = new JsonArray();
        if (kind == ReorgKind.Remine)
        {
            foreach (var raw in raws)
            {
                pairs.Add(new JsonArray(raw, depth - 1));
            }
        }
        else if (kind == ReorgKind.HoldOut)
        {
            held.AddRange(raws);
        }

        await Anvil.CallAsync("anvil_reorg", depth, pairs);
        return new ReorgRecord("ETH", depth, kind, touched);
    }

    /// <summary>Sends held-back payments again; one whose nonce was meanwhile taken is refused, and stays gone.</summary>
    public async Task ReleaseHeldAsync()
    {
        foreach (var raw in held)
        {
            try
            {
                await Anvil.CallAsync("eth_sendRawTransaction", raw);
            }
            catch (InvalidOperationException)
            {
                // Nonce already used by a later payment: the held one can never be mined.
            }
        }

        held.Clear();
    }

    public async Task RestartAsync()
    {
        await Anvil.StopAsync();
        await Anvil.StartAsync();
    }

    /// <summary>Bytes of code at <paramref name="address"/>: a devnet that lost its contracts across a restart shows 0.</summary>
    public async Task<int> CodeSizeAsync(string address) =>
        ((await Anvil.CallAsync("eth_getCode", address, "latest")).GetString()!.Length - 2) / 2;

    /// <summary>
    /// Depth of <paramref name="hash"/> on anvil's chain (its block counts as the first); 0 when not mined, when
    /// it failed, or when <paramref name="token"/> is given and the transaction moved none of it (no
    /// <c>Transfer</c> log of that contract: a call to an address without code also "succeeds").
    /// </summary>
    public async Task<long> ConfirmationsAsync(string hash, string? token = null)
    {
        var receipt = await Anvil.CallAsync("eth_getTransactionReceipt", hash);
        if (receipt.ValueKind != JsonValueKind.Object || receipt.GetProperty("status").GetString() != "0x1")
        {
            return 0;
        }

        if (token is not null && !receipt.GetProperty("logs").EnumerateArray()
                .Any(log => string.Equals(log.GetProperty("address").GetString(), token, StringComparison.OrdinalIgnoreCase)))
        {
            return 0;
        }

        var mined = (long)AnvilNode.Quantity(receipt.GetProperty("blockNumber"));
        return await Anvil.BlockNumberAsync() - mined + 1;
    }

    private string Track(JsonElement receipt)
    {
        var hash = receipt.GetProperty("transactionHash").GetString()!;
        payments.Add(hash);
        return hash;
    }
}
