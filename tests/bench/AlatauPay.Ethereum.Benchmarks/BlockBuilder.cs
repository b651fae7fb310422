using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AlatauPay.Testing;
using Nethereum.Util;

namespace AlatauPay.Ethereum.Benchmarks;

/// <summary>
/// One block full of payment-like traffic: token transfers of both shapes, ETH paid by a contract wallet
/// (internal transfers) and by accounts. Transactions are queued with mining off, then mined as one block.
/// </summary>
internal static class BlockBuilder
{
    public sealed record Built(long Height, string Hash, int Transactions, IReadOnlyList<string> PaidAddresses);

    public static async Task<Built> BuildAsync(EvmDevnet devnet, int tokenTransfers, int contractPayments, int accountPayments)
    {
        var anvil = devnet.Anvil;
        await anvil.CallAsync("evm_setAutomine", false);
        var paid = new List<string>();
        var sent = 0;
        for (var i = 0; i < tokenTransfers; i++)
        {
            var to = RandomAddress(paid);
            await SendAsync(anvil, devnet.Resident, i % 2 == 0 ? devnet.Usdt : devnet.Usdc, 0, Abi.Call("transfer(address,uint256)", to, new BigInteger(1_000_000 + i)));
            sent++;
        }

        for (var i = 0; i < contractPayments; i++)
        {
            await SendAsync(anvil, anvil.Accounts[2], devnet.Payer, 0, Abi.Call("pay(address,uint256)", RandomAddress(paid), new BigInteger(1_000 + i)));
            sent++;
        }

        for (var i = 0; i < accountPayments; i++)
        {
            await SendAsync(anvil, anvil.Accounts[3 + (i % 5)], RandomAddress(paid), 10_000 + i, "0x");
            sent++;
        }

        await anvil.MineAsync(1);
        await anvil.CallAsync("evm_setAutomine", true);
        var header = await anvil.CallAsync("eth_getBlockByNumber", "latest", false);
        var count = header.GetProperty("transactions").GetArrayLength();
        if (count != sent)
        {
            throw new InvalidOperationException($"Mined {count} of {sent} transactions into one block; the block gas limit is too low.");
        }

        return new Built(
            (long)AnvilNode.Quantity(header.GetProperty("number")),
            header.GetProperty("hash").GetString()!,
            count,
            paid);
    }

    private static string RandomAddress(List<string> paid)
    {
        var address = AddressUtil.Current.ConvertToChecksumAddress("0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)));
        paid.Add(address);
        return address;
    }

    private static Task<System.Text.Json.JsonElement> SendAsync(AnvilNode anvil, string from, string to, BigInteger value, string data) =>
        anvil.CallAsync("eth_sendTransaction", new JsonObject
        {
            ["from"] = from,
            ["to"] = to,
            ["value"] = AnvilNode.Hex(value),
            ["data"] = data,
            ["gas"] = AnvilNode.Hex(120_000),
        });
}
