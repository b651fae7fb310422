using AlatauPay.Api.Auth;
using AlatauPay.Application.Access;
using AlatauPay.Application.Chains.Blocks;
using AlatauPay.Application.Chains.Watching;
using AlatauPay.Application.Common;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlatauPay.Api.Endpoints;

/// <summary>Operator endpoints: what each chain's watcher reports, and rescans.</summary>
public static class ChainsApi
{
    public static RouteGroupBuilder MapChainsApi(this RouteGroupBuilder v1)
    {
        var chains = v1.MapGroup("/chains").WithTags("Chains");
        chains.MapGet("/", List).RequireScope(Scopes.Admin).WithName("ListChains");
        chains.MapPost("/{chain}/rescan", RescanAsync).RequireScope(Scopes.Admin).WithName("RescanChain").ProducesProblem(400).ProducesProblem(404);
        return v1;
    }

    private static Ok<IReadOnlyList<ChainHealthView>> List(ChainHealthBoard board) =>
        TypedResults.Ok<IReadOnlyList<ChainHealthView>>([.. board.Chains.Values.OrderBy(c => c.Chain, StringComparer.Ordinal).Select(ChainHealthView.From)]);

    private static async Task<Accepted<RescanView>> RescanAsync(
        string chain, RescanRequest request, ChainHealthBoard board, IMediator mediator, CancellationToken cancellationToken)
    {
        if (board.Get(chain) is not { Watched: true })
        {
            throw new ResourceNotFoundException("chain-not-watched", $"No watcher runs for '{chain}'.");
        }

        if (request.FromHeight is not >= 0)
        {
            throw new RequestInvalidException("fromHeight", "rescan-height-invalid", "fromHeight is a block height of zero or more.");
        }

        var from = await mediator.Send(new RequestRescanCommand(chain, request.FromHeight.Value), cancellationToken);
        return TypedResults.Accepted($"/v1/chains", new RescanView(chain, from));
    }

    public sealed record RescanRequest(long? FromHeight);

    public sealed record RescanView(string Chain, long FromHeight);

    public sealed record ChainHealthView(
        string Chain, bool Watched, bool NodeReachable, bool NodeSynced, long? NodeTipHeight, long? LastBlockProcessed,
        string? LastBlockHash, long? LagBlocks, DateTimeOffset? LastPollAt, string? Problem)
    {
        public static ChainHealthView From(ChainHealth health) => new(
            health.Chain, health.Watched, health.NodeReachable, health.NodeSynced, health.NodeTipHeight, health.ProcessedHeight,
            health.ProcessedHash, health.LagBlocks, health.LastPollAt, health.Problem);
    }
}
