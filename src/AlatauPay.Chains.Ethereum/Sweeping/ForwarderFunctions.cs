using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace AlatauPay.Chains.Ethereum.Sweeping;

[Function("deployAndFlush")]
internal sealed class DeployAndFlushFunction : FunctionMessage
{
    [Parameter("bytes32", "invoiceKey", 1)]
    public byte[] InvoiceKey { get; set; } = [];

    [Parameter("address", "treasury", 2)]
    public string Treasury { get; set; } = "";

    [Parameter("address[]", "tokens", 3)]
    public List<string> Tokens { get; set; } = [];
}

[Function("balanceOf", "uint256")]
internal sealed class BalanceOfFunction : FunctionMessage
{
    [Parameter("address", "owner", 1)]
    public string Owner { get; set; } = "";
}

/// <summary>One invoice's forwarder to sweep: the invoice it was issued for and the treasury bound into it.</summary>
public sealed record SweepTarget(Domain.Invoices.InvoiceId Invoice, string Treasury, string Forwarder);

/// <summary>What one forwarder sent to its treasury; empty <see cref="Moved"/> when it held nothing.</summary>
public sealed record SweepResult(SweepTarget Target, IReadOnlyDictionary<string, BigInteger> Moved, string? TransactionHash);
