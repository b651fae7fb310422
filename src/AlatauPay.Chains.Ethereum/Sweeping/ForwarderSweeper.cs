using System.Numerics;
using AlatauPay.Domain.Amounts;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace AlatauPay.Chains.Ethereum.Sweeping;

/// <summary>
/// Deploys (when needed) and flushes invoice forwarders into their treasuries with one <c>deployAndFlush</c>
/// transaction each, paid by an operator account. A forwarder holding nothing is left alone, so a second
/// sweep sends no transaction. The key is used to sign and kept nowhere else.
/// </summary>
public sealed class ForwarderSweeper
{
    private readonly Web3 web3;
    private readonly EvmChainOptions options;
    private readonly ForwarderAddresses forwarders;

    public ForwarderSweeper(EvmChainOptions options, string operatorKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorKey);
        if (options.RpcUrl is null || options.ChainId is null || options.ForwarderFactory is null)
        {
            throw new InvalidOperationException($"Sweeping needs {EvmChainOptions.Section}:Rpc:Url, :ChainId and :ForwarderFactory.");
        }

        this.options = options;
        forwarders = new ForwarderAddresses(options.ForwarderFactory);
        var account = new Account(operatorKey.Trim(), options.ChainId.Value);
        Operator = account.Address;
        web3 = new Web3(account, options.RpcUrl.ToString());
    }

    /// <summary>The operator's address (public), which pays the gas.</summary>
    public string Operator { get; }

    /// <summary>The target of an invoice's forwarder; refuses a destination this factory would not have issued.</summary>
    public SweepTarget TargetFor(Domain.Invoices.InvoiceId invoice, string treasury, string destination)
    {
        var forwarder = forwarders.AddressOf(invoice, treasury);
        return string.Equals(forwarder, destination, StringComparison.OrdinalIgnoreCase)
            ? new SweepTarget(invoice, treasury, forwarder)
            : throw new InvalidOperationException(
                $"{invoice}: its deposit address {destination} is not the forwarder of factory {forwarders.Factory} for its treasury; it was issued under another factory.");
    }

    public async Task<SweepResult> SweepAsync(SweepTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var moved = new Dictionary<string, BigInteger>(StringComparer.Ordinal);
        var ether = (await web3.Eth.GetBalance.SendRequestAsync(target.Forwarder).ConfigureAwait(false)).Value;
        if (ether > 0)
        {
            moved[Currency.ETH.Code] = ether;
        }

        var tokens = new List<string>();
        foreach (var token in options.Tokens)
        {
            var balance = await web3.Eth.GetContractQueryHandler<BalanceOfFunction>()
                .QueryAsync<BigInteger>(token.Contract, new BalanceOfFunction { Owner = target.Forwarder }).ConfigureAwait(false);
            if (balance > 0)
            {
                moved[token.Currency.Code] = balance;
                tokens.Add(token.Contract);
            }
        }

        if (moved.Count == 0)
        {
            return new SweepResult(target, moved, null);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var receipt = await web3.Eth.GetContractTransactionHandler<DeployAndFlushFunction>().SendRequestAndWaitForReceiptAsync(
            forwarders.Factory,
            new DeployAndFlushFunction
            {
                InvoiceKey = ForwarderAddresses.InvoiceKey(target.Invoice),
                Treasury = target.Treasury,
                Tokens = tokens,
            },
            cancellationToken).ConfigureAwait(false);
        return receipt.Status?.Value == 1
            ? new SweepResult(target, moved, receipt.TransactionHash)
            : throw new InvalidOperationException($"{target.Invoice}: the sweep transaction {receipt.TransactionHash} failed on chain.");
    }
}
