using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger.Transparency;
using FluentValidation;
using Mediator;

namespace AlatauPay.Application.Ledger.Transparency;

/// <summary>The RFC 9162 consistency proof that the tree of <c>to</c> leaves extends the tree of <c>from</c> leaves.</summary>
public sealed record GetConsistencyProofQuery(string? From, string? To) : IQuery<ConsistencyProofView>;

public sealed class GetConsistencyProofValidator : AbstractValidator<GetConsistencyProofQuery>
{
    public GetConsistencyProofValidator()
    {
        RuleFor(q => q.From).Must(s => LedgerParameters.TryParseCount(s, out _))
            .WithErrorCode("tree-size-invalid").WithMessage("from is a whole number of leaves.");
        RuleFor(q => q.To).Must(s => LedgerParameters.TryParseCount(s, out _))
            .WithErrorCode("tree-size-invalid").WithMessage("to is a whole number of leaves.");
        RuleFor(q => q).Must(q => !(LedgerParameters.TryParseCount(q.From, out var from) && LedgerParameters.TryParseCount(q.To, out var to) && from > to))
            .WithErrorCode("consistency-range-invalid").WithMessage("from is larger than to; a log only grows.").OverridePropertyName("from");
    }
}

public sealed class GetConsistencyProofHandler(ITransparencyLog log) : IQueryHandler<GetConsistencyProofQuery, ConsistencyProofView>
{
    public async ValueTask<ConsistencyProofView> Handle(GetConsistencyProofQuery query, CancellationToken cancellationToken)
    {
        var (from, to) = (LedgerParameters.Count(query.From), LedgerParameters.Count(query.To));
        var current = await log.SizeAsync(cancellationToken);
        TreeSizes.EnsureReached(to, current, "to");
        var proof = await log.ComputeAsync(nodes => MerkleProofs.Consistency(from, to, nodes), cancellationToken);
        return new ConsistencyProofView(from, to, [.. proof.Select(h => MerkleHash.ToHex(h))]);
    }
}
