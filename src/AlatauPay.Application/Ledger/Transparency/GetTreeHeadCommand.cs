using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger.Transparency;
using Mediator;

namespace AlatauPay.Application.Ledger.Transparency;

/// <summary>
/// The latest signed tree head. Heads are signed on demand: when the tree grew since the last head (or the
/// key changed), a new head is signed and stored, so signing costs nothing on the posting path.
/// </summary>
public sealed record GetTreeHeadCommand : ICommand<TreeHeadView>;

public sealed class GetTreeHeadHandler(TreeHeadSigner heads) : ICommandHandler<GetTreeHeadCommand, TreeHeadView>
{
    public async ValueTask<TreeHeadView> Handle(GetTreeHeadCommand command, CancellationToken cancellationToken) =>
        TreeHeadView.From(await heads.CurrentAsync(cancellationToken));
}

/// <summary>Signs the current tree size unless the latest stored head already covers it under the current key.</summary>
public sealed class TreeHeadSigner(ITransparencyLog log, ILedgerSigner signer, TimeProvider clock)
{
    public async Task<SignedTreeHead> CurrentAsync(CancellationToken cancellationToken)
    {
        var size = await log.SizeAsync(cancellationToken);
        var latest = await log.LatestHeadAsync(cancellationToken);
        if (latest is not null && latest.Head.TreeSize == size && latest.KeyId == signer.KeyId)
        {
            return latest;
        }

        var root = await log.ComputeAsync(nodes => MerkleProofs.Root(size, nodes), cancellationToken);
        var head = new TreeHead(size, root, clock.GetUtcNow());
        var signed = new SignedTreeHead(head, signer.KeyId, signer.Sign(head.SignedBytes()));
        await log.AddHeadAsync(signed, cancellationToken);
        return signed;
    }
}

public sealed record GetSigningKeyQuery : IQuery<SigningKeyView>;

public sealed class GetSigningKeyHandler(ILedgerSigner signer) : IQueryHandler<GetSigningKeyQuery, SigningKeyView>
{
    public ValueTask<SigningKeyView> Handle(GetSigningKeyQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new SigningKeyView(signer.KeyId, "Ed25519", Convert.ToBase64String(signer.PublicKey)));
}
