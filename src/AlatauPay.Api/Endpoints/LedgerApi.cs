using System.Text;
using AlatauPay.Api.Auth;
using AlatauPay.Application.Access;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ledger;
using AlatauPay.Application.Ledger.Accounts;
using AlatauPay.Application.Ledger.Balance;
using AlatauPay.Application.Ledger.Entries;
using AlatauPay.Application.Ledger.Export;
using AlatauPay.Application.Ledger.TrialBalance;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlatauPay.Api.Endpoints;

/// <summary>The auditor's read API over the ledger: accounts, balances, the journal, the trial balance and exports.</summary>
public static class LedgerApi
{
    public static RouteGroupBuilder MapLedgerApi(this RouteGroupBuilder v1)
    {
        var ledger = v1.MapGroup("/ledger").WithTags("Ledger").RequireScope(Scopes.LedgerRead);
        ledger.MapGet("/accounts", ListAccountsAsync).WithName("ListLedgerAccounts").ProducesProblem(400);
        ledger.MapGet("/accounts/{account}/balance", BalanceAsync).WithName("GetAccountBalance").ProducesProblem(400).ProducesProblem(404);
        ledger.MapGet("/entries", ListEntriesAsync).WithName("ListLedgerEntries").ProducesProblem(400);
        ledger.MapGet("/entries/{id}", GetEntryAsync).WithName("GetLedgerEntry").ProducesProblem(404);
        ledger.MapGet("/trial-balance", TrialBalanceAsync).WithName("GetTrialBalance").ProducesProblem(400);
        ledger.MapGet("/export", ExportAsync).WithName("ExportLedger").ProducesProblem(400);
        ledger.MapTransparencyApi();
        return v1;
    }

    private static async Task<Ok<PageView<LedgerAccountView>>> ListAccountsAsync(
        IMediator mediator, CancellationToken cancellationToken, string? limit = null, string? startingAfter = null) =>
        TypedResults.Ok(await mediator.Send(new ListLedgerAccountsQuery(limit, startingAfter), cancellationToken));

    private static async Task<Ok<AccountBalanceView>> BalanceAsync(
        string account, IMediator mediator, CancellationToken cancellationToken, string? asOf = null, string? basis = null) =>
        TypedResults.Ok(await mediator.Send(new GetAccountBalanceQuery(account, asOf, basis), cancellationToken));

    private static async Task<Ok<PageView<LedgerEntryView>>> ListEntriesAsync(
        IMediator mediator,
        CancellationToken cancellationToken,
        string? account = null,
        string? invoice = null,
        string? from = null,
        string? to = null,
        string? basis = null,
        string? limit = null,
        string? startingAfter = null) =>
        TypedResults.Ok(await mediator.Send(new ListLedgerEntriesQuery(account, invoice, from, to, basis, limit, startingAfter), cancellationToken));

    private static async Task<Ok<LedgerEntryView>> GetEntryAsync(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetLedgerEntryQuery(id), cancellationToken));

    private static async Task<Ok<TrialBalanceView>> TrialBalanceAsync(
        IMediator mediator, CancellationToken cancellationToken, string? asOf = null, string? basis = null) =>
        TypedResults.Ok(await mediator.Send(new GetTrialBalanceQuery(asOf, basis), cancellationToken));

    private static async Task<PushStreamHttpResult> ExportAsync(
        IMediator mediator,
        CancellationToken cancellationToken,
        string? from = null,
        string? to = null,
        string? basis = null,
        string? format = null,
        string? treeSize = null)
    {
        var export = await mediator.Send(new ExportLedgerQuery(from, to, basis, format, treeSize), cancellationToken);
        return TypedResults.Stream(body => WriteLinesAsync(body, export.Lines, cancellationToken), export.ContentType, export.FileName);
    }

    /// <summary>Writes as it reads; the writer's buffer is the only thing that grows with the export, and it is flushed.</summary>
    private static async Task WriteLinesAsync(Stream body, IAsyncEnumerable<string> lines, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 32 * 1024) { NewLine = "\n" };
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(line);
        }
    }
}
