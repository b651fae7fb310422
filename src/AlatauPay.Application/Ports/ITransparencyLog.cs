using AlatauPay.Domain.Ledger.Transparency;

namespace AlatauPay.Application.Ports;

/// <summary>
/// The stored Merkle tree over the ledger. Leaves are appended by <see cref="ILedgerRepository.TryAppendAsync"/>
/// in the entry's own transaction; this port reads the tree and keeps the signed heads.
/// </summary>
public interface ITransparencyLog
{
    Task<long> SizeAsync(CancellationToken cancellationToken);

    Task<long?> LeafIndexOfAsync(long entryId, CancellationToken cancellationToken);

    /// <summary>The requested perfect-subtree hashes; all of them exist for any size the log has reached.</summary>
    Task<IReadOnlyDictionary<MerkleNode, byte[]>> ReadNodesAsync(IReadOnlyCollection<MerkleNode> nodes, CancellationToken cancellationToken);

    Task<SignedTreeHead?> LatestHeadAsync(CancellationToken cancellationToken);

    Task AddHeadAsync(SignedTreeHead head, CancellationToken cancellationToken);
}

/// <summary>The deployment's Ed25519 key. The private half never leaves the implementation.</summary>
public interface ILedgerSigner
{
    string KeyId { get; }

    byte[] PublicKey { get; }

    byte[] Sign(byte[] message);
}
