using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlatauPay.Application.Chains;
using AlatauPay.Chains.Ethereum.Rpc;
using AlatauPay.Domain.Amounts;
using Nethereum.Util;

namespace AlatauPay.Chains.Ethereum;

/// <summary>
/// Without call traces, ETH sent by a contract leaves no trace in a block but a balance: each live deposit
/// address's balance at the block and at its parent, both asked by block hash (EIP-1898) so a reorg cannot
/// mix two chains. Whatever it gained beyond what the block's successful top-level transactions paid it is
/// an internal transfer, recorded under an id derived from the block hash and the address (see
/// docs/decisions/0033-evm-balance-fallback.md).
/// </summary>
internal static class EvmBalanceCheck
{
    /// <summary>The index of every balance-derived payment, apart from traces' (1,000,000 + frame) and logs' indexes.</summary>
    public const int Index = 2_000_000;

    /// <summary>Calls per HTTP request: geth refuses batches of more than 1,000.</summary>
    public const int CallsPerBatch = 800;

    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("alataupay:eth-balance:");

    /// <summary>Two <c>eth_getBalance</c> calls per address: at the block, then at its parent.</summary>
    public static IEnumerable<EvmRpcCall> Calls(IReadOnlyList<string> keys, string blockHash, string parentHash)
    {
        foreach (var key in keys)
        {
            yield return new EvmRpcCall("eth_getBalance", new JsonArray("0x" + key, new JsonObject { ["blockHash"] = blockHash }));
            yield return new EvmRpcCall("eth_getBalance", new JsonArray("0x" + key, new JsonObject { ["blockHash"] = parentHash }));
        }
    }

    /// <summary>
    /// Adds a payment for every address in <paramref name="keys"/> whose balance rose by more than the
    /// top-level payments to it in <paramref name="payments"/> explain; <paramref name="balances"/> are the
    /// replies to <see cref="Calls"/> in order.
    /// </summary>
    public static void Scan(IReadOnlyList<string> keys, ReadOnlySpan<EvmRpcReply> balances, string blockHash, string endpoint, List<ObservedPayment> payments)
    {
        var explained = payments.Where(p => p.Method == Currency.ETH)
            .GroupBy(p => EthereumAddress.Key(p.Destination))
            .ToDictionary(g => g.Key, g => g.Aggregate(BigInteger.Zero, (sum, p) => sum + (BigInteger)p.Amount.MinorUnits), StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            var after = Balance(balances[2 * i], endpoint);
            var before = Balance(balances[(2 * i) + 1], endpoint);
            var unexplained = after - before - explained.GetValueOrDefault(keys[i]);
            if (unexplained.Sign > 0 && unexplained <= (BigInteger)Int128.MaxValue)
            {
                payments.Add(new ObservedPayment(
                    SyntheticId(blockHash, keys[i]), Index, Currency.ETH, EthereumAddress.Checksum("0x" + keys[i]), new Money(Currency.ETH, (Int128)unexplained)));
            }
        }
    }

    /// <summary>keccak256("alataupay:eth-balance:" ‖ block hash ‖ address): the same for the same block and address, on every run.</summary>
    public static string SyntheticId(string blockHash, string key)
    {
        byte[] preimage = [.. Domain, .. Convert.FromHexString(blockHash.AsSpan(2)), .. Convert.FromHexString(key)];
        return "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(preimage));
    }

    private static BigInteger Balance(EvmRpcReply reply, string endpoint)
    {
        var result = reply.ResultOrThrow(endpoint);
        return result.ValueKind == JsonValueKind.String
            ? EvmBlockScanner.Quantity(result.GetString()!)
            : throw new FormatException($"eth_getBalance answered a {result.ValueKind}");
    }
}
