using AlatauPay.Application.Common;
using AlatauPay.Application.Ledger.Entries;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger.Transparency;
using FluentValidation;
using Mediator;

namespace AlatauPay.Application.Ledger.Transparency;

/// <summary>The RFC 9162 inclusion proof of an entry in the tree of <c>treeSize</c> leaves (the current tree by default).</summary>
public sealed record GetInclusionProofQuery(string EntryId, string? TreeSize) : IQuery<InclusionProofView>;

public sealed class GetInclusionProofValidator : AbstractValidator<GetInclusionProofQuery>
{
    public GetInclusionProofValidator() =>
        RuleFor(q => q.TreeSize).Must(s => s is null || LedgerParameters.TryParseCount(s, out _))
            .WithErrorCode("tree-size-invalid").WithMessage("treeSize is a whole number of leaves.");
}

public sealed class GetInclusionProofHandler(ILedgerReader ledger, ITransparencyLog log) : IQueryHandler<GetInclusionProofQuery, InclusionProofView>
{
    public async ValueTask<InclusionProofView> Handle(GetInclusionProofQuery query, CancellationToken cancellationToken)
    {
        var entry = await ledger.FindExistingAsync(query.EntryId, cancellationToken);
        var current = await log.SizeAsync(cancellationToken);
        var size = LedgerParameters.TryParseCount(query.TreeSize, out var asked) ? asked : current;
        TreeSizes.EnsureReached(size, current, "treeSize");
        if (size <= entry.LeafIndex)
        {
            throw new RequestInvalidException("treeSize", "tree-size-too-small",
                $"Entry {entry.Id} is leaf {entry.LeafIndex}; a tree of {size} leaves does not hold it yet.");
        }

        var path = await log.ComputeAsync(nodes => MerkleProofs.Inclusion(entry.LeafIndex, size, nodes), cancellationToken);
        var leafHash = MerkleHash.Leaf(entry.CanonicalBytes());
        return new InclusionProofView(entry.Id, entry.LeafIndex, size, MerkleHash.ToHex(leafHash), [.. path.Select(h => MerkleHash.ToHex(h))]);
    }
}

internal static class TreeSizes
{
    public static void EnsureReached(long size, long current, string field)
    {
        if (size > current)
        {
            throw new RequestInvalidException(field, "tree-size-too-large", $"The log holds {current} leaves; {size} is beyond it.");
        }
    }
}
