namespace AlatauPay.Chains.Bitcoin.Rpc;

/// <summary>An error object of a JSON-RPC reply: the node understood the call and refused it.</summary>
internal sealed record RpcError(int Code, string Message)
{
    /// <summary>RPC_INVALID_PARAMETER: among others, <c>getblockhash</c> above the tip.</summary>
    public const int InvalidParameter = -8;

    /// <summary>RPC_INVALID_ADDRESS_OR_KEY: among others, a transaction that left the mempool.</summary>
    public const int InvalidAddressOrKey = -5;
}
