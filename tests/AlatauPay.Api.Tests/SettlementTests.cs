using System.Net;
using AlatauPay.Application.Common;
using AlatauPay.Application.Invoices.Settle;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using AlatauPay.Domain.Ledger;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Api.Tests;

/// <summary>Settlement through the real mediator pipeline and store, as the chain adapters will call it.</summary>
public sealed class SettlementTests(GatewayHost gateway) : IClassFixture<GatewayHost>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        var response = await gateway.Client.PostJsonAsync("/v1/departments", Requests.Department("water").ToJsonString());
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task SettlingPostsTheBalancedEntryOfTheDesign()
    {
        var invoice = await gateway.Client.CreateInvoiceAsync("water");
        var id = InvoiceId.Parse(invoice["id"]!.GetValue<string>());

        var settlement = await SettleAsync(id, "0.00025991");

        Assert.False(settlement.AlreadySettled);
        Assert.Equal($"settle:{id}", settlement.EntryKey);
        var entry = await SingleEntryAsync(id);
        Assert.Equal(
            [
                Posting.Debit("assets:crypto:BTC:water", Money.Parse("0.00025991", Currency.BTC)),
                Posting.Credit("trading:BTC", Money.Parse("0.00025991", Currency.BTC)),
                Posting.Debit("trading:KZT", Money.Parse("12345.67", Currency.KZT)),
                Posting.Credit("revenue:water:cold-water", Money.Parse("12345.67", Currency.KZT)),
            ],
            entry.Entry.Postings);
        var fetched = await (await gateway.Client.GetAsync($"/v1/invoices/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("settled", fetched["status"]!.GetValue<string>());
        Assert.Equal("0.00025991", fetched["paymentMethods"]![0]!["paid"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task SettlingManyTimesAtOncePostsOneEntry()
    {
        var id = InvoiceId.Parse((await gateway.Client.CreateInvoiceAsync("water"))["id"]!.GetValue<string>());

        var settlements = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => SettleAsync(id, "0.00025991"))));

        Assert.Single(settlements, s => !s.AlreadySettled);
        Assert.Single(settlements.Select(s => s.EntryId).Distinct());
        await SingleEntryAsync(id);
        var events = await InScopeAsync(sp => sp.GetRequiredService<IOutbox>().ListByInvoiceAsync(id.Value, CancellationToken.None));
        Assert.Equal(["invoice.created", "invoice.settled"], events.Select(e => e.Type));
    }

    [Fact]
    public async Task AnOverpaymentIsOwedToThePayer()
    {
        var id = InvoiceId.Parse((await gateway.Client.CreateInvoiceAsync("water"))["id"]!.GetValue<string>());

        await SettleAsync(id, "0.00030000");

        var entry = await SingleEntryAsync(id);
        Assert.Contains(Posting.Credit("liabilities:payer-credit:BTC:water:ACC-1001", Money.Parse("0.00004009", Currency.BTC)), entry.Entry.Postings);
        Assert.All(LedgerEntry.Imbalances(entry.Entry.Postings).Values, imbalance => Assert.True(imbalance.IsZero));
        var fetched = await (await gateway.Client.GetAsync($"/v1/invoices/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["paid_over"], fetched["additionalStatus"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task AnUnderpaymentDoesNotSettle()
    {
        var id = InvoiceId.Parse((await gateway.Client.CreateInvoiceAsync("water"))["id"]!.GetValue<string>());

        var refusal = await Assert.ThrowsAsync<StateConflictException>(() => SettleAsync(id, "0.00025990"));

        Assert.Equal("payment-insufficient", refusal.Code);
        Assert.Empty(await EntriesAsync(id));
    }

    [Fact]
    public async Task ACancelledInvoiceDoesNotSettle()
    {
        var id = InvoiceId.Parse((await gateway.Client.CreateInvoiceAsync("water"))["id"]!.GetValue<string>());
        await gateway.Client.PostAsync($"/v1/invoices/{id}/cancel", null);

        var refusal = await Assert.ThrowsAsync<InvalidTransitionException>(() => SettleAsync(id, "0.00025991"));

        Assert.Equal("invoice-not-settleable", refusal.Code);
        Assert.Empty(await EntriesAsync(id));
    }

    private async Task<SettlementView> SettleAsync(InvoiceId id, string paid) =>
        await InScopeAsync(sp => sp.GetRequiredService<IMediator>()
            .Send(new SettleInvoiceCommand(id, Currency.BTC, Money.Parse(paid, Currency.BTC), gateway.Clock.GetUtcNow()), CancellationToken.None).AsTask());

    private async Task<StoredLedgerEntry> SingleEntryAsync(InvoiceId id) => Assert.Single(await EntriesAsync(id));

    private Task<IReadOnlyList<StoredLedgerEntry>> EntriesAsync(InvoiceId id) =>
        InScopeAsync(sp => sp.GetRequiredService<ILedgerRepository>().ListByInvoiceAsync(id.Value, CancellationToken.None));

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }
}
