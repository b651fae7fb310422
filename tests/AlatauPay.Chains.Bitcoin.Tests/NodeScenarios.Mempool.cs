using AlatauPay.Application.Chains;
using AlatauPay.Domain.Amounts;
using AlatauPay.Testing;

namespace AlatauPay.Chains.Bitcoin.Tests;

public abstract partial class NodeScenarios
{
    [RegtestFact]
    public async Task SeesAnUnconfirmedPaymentUntilItIsMined()
    {
        var node = Connect();
        var address = DepositAddress();
        var watched = Watching(node, address);
        var txid = await Node.SendAsync(address, 0.00100001m);

        var unconfirmed = await node.GetMempoolAsync(watched, Token);
        var again = await node.GetMempoolAsync(watched, Token);
        await Node.MineAsync(1);
        var mined = await node.GetMempoolAsync(watched, Token);

        var payment = Assert.Single(unconfirmed.Payments);
        Assert.Equal((txid, address, Money.Parse("0.00100001", Currency)), (payment.TxId, payment.Destination, payment.Amount));
        Assert.Contains(txid, unconfirmed.TxIds);
        Assert.Equal(payment, Assert.Single(again.Payments));
        Assert.Empty(mined.Payments);
        Assert.DoesNotContain(txid, mined.TxIds);
    }

    [RegtestFact]
    public async Task FollowsAFeeBumpToTheReplacementTransaction()
    {
        var node = Connect();
        var address = DepositAddress();
        var watched = Watching(node, address);
        var original = await Node.SendAsync(address, 0.2m, replaceable: true);
        Assert.Equal(original, Assert.Single((await node.GetMempoolAsync(watched, Token)).Payments).TxId);

        var replacement = await Node.BumpFeeAsync(original);
        var view = await node.GetMempoolAsync(watched, Token);

        Assert.DoesNotContain(original, view.TxIds);
        Assert.Contains(replacement, view.TxIds);
        var payment = Assert.Single(view.Payments);
        Assert.Equal((replacement, address, Money.Parse("0.2", Currency)), (payment.TxId, payment.Destination, payment.Amount));
        await Node.MineAsync(1);
    }

    [RegtestFact]
    public async Task StopsReportingACachedPaymentOnceItsAddressIsNoLongerWatched()
    {
        var node = Connect();
        var address = DepositAddress();
        var txid = await Node.SendAsync(address, 0.3m);
        Assert.Single((await node.GetMempoolAsync(Watching(node, address), Token)).Payments);

        var view = await node.GetMempoolAsync(new ScriptWatchList(), Token);

        Assert.Empty(view.Payments);
        Assert.Contains(txid, view.TxIds);
        await Node.MineAsync(1);
    }

    [RegtestFact]
    public async Task FindsAMempoolPaymentToAnAddressWatchedOnlyAfterItsTransactionWasExamined()
    {
        var node = Connect();
        var address = DepositAddress();
        var txid = await Node.SendAsync(address, 0.40000001m);
        Assert.Empty((await node.GetMempoolAsync(new ScriptWatchList(), Token)).Payments);

        var view = await node.GetMempoolAsync(Watching(node, address), Token);

        var payment = Assert.Single(view.Payments);
        Assert.Equal((txid, address, Money.Parse("0.40000001", Currency)), (payment.TxId, payment.Destination, payment.Amount));
        await Node.MineAsync(1);
    }
}
