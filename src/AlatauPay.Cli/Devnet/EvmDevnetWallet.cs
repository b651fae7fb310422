using System.Globalization;
using System.Numerics;
using AlatauPay.Domain.Amounts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace AlatauPay.Cli.Devnet;

/// <summary>
/// The devnet's anvil payer: ETH as a plain value transfer, USDT and USDC as the token's <c>transfer</c>, minted
/// to the payer by the deployer first when it holds too little. anvil mines each transaction into its own block,
/// so the payment's block is its first confirmation.
/// </summary>
public sealed class EvmDevnetWallet(DevnetEthereum ethereum, string method) : IDevnetWallet
{
    private static readonly HexBigInteger Gas = new(200_000);

    private readonly Web3 web3 = new(ethereum.RpcUrl);

    public async Task<string> PayAsync(string destination, string amount, CancellationToken cancellationToken)
    {
        var units = (BigInteger)Money.Parse(amount, Currency.Parse(method)).MinorUnits;
        var token = ethereum.TokenFor(method);
        TransactionReceipt receipt;
        if (token is null)
        {
            receipt = await web3.TransactionManager.SendTransactionAndWaitForReceiptAsync(
                new TransactionInput { From = ethereum.Payer, To = destination, Value = new HexBigInteger(units), Gas = Gas }, cancellationToken);
        }
        else
        {
            var held = await web3.Eth.GetContractQueryHandler<TokenBalanceFunction>()
                .QueryAsync<BigInteger>(token, new TokenBalanceFunction { Owner = ethereum.Payer });
            if (held < units)
            {
                await SucceededAsync(
                    "mint",
                    await web3.Eth.GetContractTransactionHandler<MintFunction>().SendRequestAndWaitForReceiptAsync(
                        token, new MintFunction { FromAddress = ethereum.Deployer, To = ethereum.Payer, Value = units - held, Gas = Gas }, cancellationToken));
            }

            receipt = await web3.Eth.GetContractTransactionHandler<TransferFunction>().SendRequestAndWaitForReceiptAsync(
                token, new TransferFunction { FromAddress = ethereum.Payer, To = destination, Value = units, Gas = Gas }, cancellationToken);
        }

        return await SucceededAsync(method, receipt);
    }

    public async Task MineAsync(int blocks, CancellationToken cancellationToken)
    {
        if (blocks > 0)
        {
            await web3.Client.SendRequestAsync<object>("anvil_mine", null, "0x" + blocks.ToString("x", CultureInfo.InvariantCulture));
        }
    }

    private static Task<string> SucceededAsync(string what, TransactionReceipt receipt) =>
        receipt.Status?.Value == 1
            ? Task.FromResult(receipt.TransactionHash)
            : throw new InvalidOperationException($"the {what} transaction {receipt.TransactionHash} failed on chain.");
}
