using System.Net;
using AlatauPay.Api.Tests;
using AlatauPay.Application.Chains;
using AlatauPay.Application.Chains.Blocks;
using AlatauPay.Application.Invoices.Reconcile;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Cli.Tests;

/// <summary>
/// A store filled the way the gateway fills it: invoices over HTTP, a BTC payment in a block the watcher
/// connects, a second block for depth, reconciliation through the mediator, and a signed tree head.
/// </summary>
internal sealed class AuditCheckScenario(GatewayHost gateway)
{
    private long height;
    private string tip = new('0', 64);

    public string SettledInvoice { get; private set; } = "";

    public string PaymentTxId { get; private set; } = "";

    public string PaymentBlock { get; private set; } = "";

    public async Task BuildAsync()
    {
        await gateway.EnsureDepartmentAsync("water");
        var invoice = await gateway.Client.CreateInvoiceAsync("water");
        await gateway.Client.CreateInvoiceAsync("water");
        SettledInvoice = invoice["id"]!.GetValue<string>();
        var btc = invoice["paymentMethods"]!.AsArray().Single(m => m!["method"]!.GetValue<string>() == "BTC")!;
        var due = Money.Parse(btc["due"]!["value"]!.GetValue<string>(), Currency.BTC);
        PaymentTxId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        PaymentBlock = await ConnectAsync(new ObservedPayment(PaymentTxId, 0, Currency.BTC, btc["destination"]!.GetValue<string>(), due));
        await ConnectAsync();
        await using (var scope = gateway.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReconcileInvoiceCommand(InvoiceId.Parse(SettledInvoice)));
            Assert.Equal("settled", outcome.Status);
        }

        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/v1/ledger/tree-head")).StatusCode);
    }

    private async Task<string> ConnectAsync(params ObservedPayment[] payments)
    {
        height++;
        var hash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        await using var scope = gateway.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
            new ConnectBlockCommand("BTC", new ChainBlock(height, hash, tip, gateway.Clock.GetUtcNow(), payments)));
        tip = hash;
        return hash;
    }
}
