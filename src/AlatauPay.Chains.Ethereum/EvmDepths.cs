using AlatauPay.Domain.Departments;

namespace AlatauPay.Chains.Ethereum;

/// <summary>
/// Block depth a payment on an EVM chain needs under each speed policy. A block is rarely reorganised after a
/// few slots and is final after two epochs (64 blocks); the default policy, medium, waits 12 blocks.
/// </summary>
public static class EvmDepths
{
    public static int For(SpeedPolicy policy) => policy switch
    {
        SpeedPolicy.High => 1,
        SpeedPolicy.Medium => 12,
        SpeedPolicy.LowMedium => 32,
        _ => 64,
    };
}
