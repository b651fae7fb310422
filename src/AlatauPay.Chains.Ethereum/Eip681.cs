using System.Globalization;
using AlatauPay.Domain.Amounts;

namespace AlatauPay.Chains.Ethereum;

/// <summary>EIP-681 payment requests, amounts as integers of the smallest unit (wei, or the token's unit).</summary>
internal static class Eip681
{
    public static string Ether(string address, long chainId, Money due) =>
        $"ethereum:{address}@{chainId.ToString(CultureInfo.InvariantCulture)}?value={Units(due)}";

    public static string TokenTransfer(string token, string address, long chainId, Money due) =>
        $"ethereum:{token}@{chainId.ToString(CultureInfo.InvariantCulture)}/transfer?address={address}&uint256={Units(due)}";

    private static string Units(Money due)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(due.MinorUnits, Int128.Zero, nameof(due));
        return due.MinorUnits.ToString(CultureInfo.InvariantCulture);
    }
}
