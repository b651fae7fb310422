using AlatauPay.Chains.Bitcoin.Rpc;

namespace AlatauPay.Chains.Bitcoin;

/// <summary>Deployment settings of one Bitcoin-family chain, bound from <c>AlatauPay:Chains:{BTC|LTC}</c>.</summary>
public sealed class BitcoinFamilyOptions
{
    /// <summary><c>main</c>, <c>test</c> or <c>regtest</c> (BTC also <c>signet</c>); null or empty leaves the chain unavailable.</summary>
    public string? Network { get; set; }

    /// <summary>The node to watch the chain through; without <see cref="BitcoinRpcOptions.Url"/> the chain is not watched.</summary>
    public BitcoinRpcOptions Rpc { get; set; } = new();
}
