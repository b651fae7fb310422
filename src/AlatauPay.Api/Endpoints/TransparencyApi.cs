using AlatauPay.Application.Ledger.Transparency;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlatauPay.Api.Endpoints;

/// <summary>The ledger's transparency log: signed tree heads, inclusion and consistency proofs (RFC 9162).</summary>
public static class TransparencyApi
{
    public static RouteGroupBuilder MapTransparencyApi(this RouteGroupBuilder ledger)
    {
        ledger.MapGet("/tree-head", TreeHeadAsync).WithName("GetTreeHead");
        ledger.MapGet("/signing-key", SigningKeyAsync).WithName("GetSigningKey");
        ledger.MapGet("/entries/{id}/proof", InclusionAsync).WithName("GetInclusionProof").ProducesProblem(400).ProducesProblem(404);
        ledger.MapGet("/consistency", ConsistencyAsync).WithName("GetConsistencyProof").ProducesProblem(400);
        return ledger;
    }

    private static async Task<Ok<TreeHeadView>> TreeHeadAsync(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetTreeHeadCommand(), cancellationToken));

    private static async Task<Ok<SigningKeyView>> SigningKeyAsync(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetSigningKeyQuery(), cancellationToken));

    private static async Task<Ok<InclusionProofView>> InclusionAsync(
        string id, IMediator mediator, CancellationToken cancellationToken, string? treeSize = null) =>
        TypedResults.Ok(await mediator.Send(new GetInclusionProofQuery(id, treeSize), cancellationToken));

    private static async Task<Ok<ConsistencyProofView>> ConsistencyAsync(
        IMediator mediator, CancellationToken cancellationToken, string? from = null, string? to = null) =>
        TypedResults.Ok(await mediator.Send(new GetConsistencyProofQuery(from, to), cancellationToken));
}
