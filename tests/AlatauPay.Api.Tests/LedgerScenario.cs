using System.Net;
using System.Text.Json.Nodes;
using AlatauPay.Application.Invoices.Settle;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using AlatauPay.Domain.Ledger;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Api.Tests;

/// <summary>Puts entries in a running gateway's ledger the way the product does: invoices over HTTP, settlement through the mediator.</summary>
internal static class LedgerScenario
{
    public const string Due = "0.00025991";

    public static async Task<string> SettledInvoiceAsync(this GatewayHost gateway, string department, string paid = Due, DateTimeOffset? effectiveAt = null)
    {
        var id = (await gateway.Client.CreateInvoiceAsync(department))["id"]!.GetValue<string>();
        await gateway.SettleAsync(id, paid, effectiveAt);
        return id;
    }

    public static async Task<SettlementView> SettleAsync(this GatewayHost gateway, string invoiceId, string paid, DateTimeOffset? effectiveAt = null)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
            new SettleInvoiceCommand(InvoiceId.Parse(invoiceId), Currency.BTC, Money.Parse(paid, Currency.BTC), effectiveAt ?? gateway.Clock.GetUtcNow()));
    }

    /// <summary>Posts the exact opposite of an entry, as a reorg that takes a settled payment away does.</summary>
    public static async Task<long> ReverseAsync(this GatewayHost gateway, long entryId, DateTimeOffset effectiveAt)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        var original = await scope.ServiceProvider.GetRequiredService<ILedgerReader>().FindAsync(entryId, CancellationToken.None)
            ?? throw new InvalidOperationException($"No entry {entryId}.");
        var reversed = LedgerEntry.Create(
            $"reverse:{original.Key}",
            $"reverse {original.Key}: payment reorged away",
            original.InvoiceId,
            effectiveAt,
            gateway.Clock.GetUtcNow(),
            [.. original.Postings.Select(p => p with { Side = p.Side == PostingSide.Debit ? PostingSide.Credit : PostingSide.Debit })]);
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        await unitOfWork.BeginAsync(CancellationToken.None);
        var id = await scope.ServiceProvider.GetRequiredService<ILedgerRepository>().TryAppendAsync(reversed, CancellationToken.None);
        await unitOfWork.CommitAsync(CancellationToken.None);
        return id ?? throw new InvalidOperationException("The reversal was already posted.");
    }

    public static async Task<JsonNode> GetOkAsync(this GatewayHost gateway, string path) =>
        await (await gateway.Client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);

    public static async Task EnsureDepartmentAsync(this GatewayHost gateway, string code)
    {
        var response = await gateway.Client.PostJsonAsync("/v1/departments", Requests.Department(code).ToJsonString());
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"department {code}: {(int)response.StatusCode}");
    }

    public static string Q(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
}
