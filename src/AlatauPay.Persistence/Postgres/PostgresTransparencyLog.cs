using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger.Transparency;
using AlatauPay.Persistence.Sqlite;
using Dapper;

namespace AlatauPay.Persistence.Postgres;

/// <summary>
/// The Merkle tree over the ledger, stored as its perfect subtrees (see migration 0001). An append runs inside
/// the entry's transaction and takes the log's size row first, so appends from every gateway instance are
/// serialised and each builds on the right edge the previous one committed; reads need no transaction,
/// since a complete subtree never changes.
/// </summary>
public sealed class PostgresTransparencyLog(PostgresSession session) : ITransparencyLog
{
    /// <summary>The next <paramref name="count"/> leaf numbers; the log's size row stays locked until the transaction ends.</summary>
    internal async Task<long> ReserveLeavesAsync(int count, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            "UPDATE transparency_log_state SET size = size + @count WHERE id = 1 RETURNING size - @count",
            new { count },
            await session.OrderedWriteTransactionAsync(cancellationToken));
    }

    /// <summary>Stores every subtree the leaves from <paramref name="first"/> on complete, computed from one read of the edge.</summary>
    internal async Task AddLeavesAsync(long first, IReadOnlyList<byte[]> leafHashes, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var transaction = await session.OrderedWriteTransactionAsync(cancellationToken);
        var edgeNodes = SqliteMerkleFrontier.EdgeOf(first);
        var stored = edgeNodes.Count == 0 ? new Dictionary<MerkleNode, byte[]>() : await ReadNodesAsync(edgeNodes, cancellationToken);
        IReadOnlyList<byte[]> edge = [.. edgeNodes.Select(n => stored[n])];
        var nodes = new List<(MerkleNode Node, byte[] Hash)>();
        for (var i = 0; i < leafHashes.Count; i++)
        {
            (var completed, edge) = SqliteMerkleFrontier.Append(first + i, edge, leafHashes[i]);
            nodes.AddRange(completed);
        }

        await connection.ExecuteAsync(
            "INSERT INTO merkle_nodes (node_key, hash) SELECT * FROM unnest(@keys, @hashes)",
            new { keys = nodes.Select(n => n.Node.Key).ToArray(), hashes = nodes.Select(n => n.Hash).ToArray() },
            transaction);
    }

    public async Task<long> SizeAsync(CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(leaf_index) + 1, 0) FROM ledger_entries", transaction: session.Transaction);
    }

    public async Task<long?> LeafIndexOfAsync(long entryId, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(
            "SELECT leaf_index FROM ledger_entries WHERE id = @entryId", new { entryId }, session.Transaction);
    }

    public async Task<IReadOnlyDictionary<MerkleNode, byte[]>> ReadNodesAsync(IReadOnlyCollection<MerkleNode> nodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var connection = await session.ConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<NodeRow>(
            "SELECT node_key AS NodeKey, hash FROM merkle_nodes WHERE node_key = ANY(@keys)",
            new { keys = nodes.Select(n => n.Key).ToArray() },
            session.Transaction);
        return rows.ToDictionary(r => MerkleNode.FromKey(r.NodeKey), r => r.Hash);
    }

    public async Task<SignedTreeHead?> LatestHeadAsync(CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<HeadRow>(
            "SELECT tree_size AS TreeSize, root_hash AS RootHash, signed_at AS SignedAt, key_id AS KeyId, signature FROM tree_heads ORDER BY seq DESC LIMIT 1",
            transaction: session.Transaction);
        return row is null ? null : new SignedTreeHead(new TreeHead(row.TreeSize, row.RootHash, StoredValues.Time(row.SignedAt)), row.KeyId, row.Signature);
    }

    public async Task AddHeadAsync(SignedTreeHead head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        var connection = await session.ConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO tree_heads (tree_size, root_hash, signed_at, key_id, signature) VALUES (@size, @root, @at, @keyId, @signature)",
            new { size = head.Head.TreeSize, root = head.Head.RootHash, at = StoredValues.Time(head.Head.Timestamp), keyId = head.KeyId, signature = head.Signature },
            await session.WriteTransactionAsync(cancellationToken));
    }

    private sealed class NodeRow
    {
        public long NodeKey { get; set; }

        public byte[] Hash { get; set; } = [];
    }

    private sealed class HeadRow
    {
        public long TreeSize { get; set; }

        public byte[] RootHash { get; set; } = [];

        public string SignedAt { get; set; } = "";

        public string KeyId { get; set; } = "";

        public byte[] Signature { get; set; } = [];
    }
}
