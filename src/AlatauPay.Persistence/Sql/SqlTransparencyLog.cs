using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger.Transparency;
using Dapper;

namespace AlatauPay.Persistence.Sql;

/// <summary>
/// The reads of the Merkle tree over the ledger, and its signed heads, on either engine. How a leaf is
/// appended (and so how the log's size is known) is each store's own: SQLite keeps the right edge in memory
/// behind its single writer, PostgreSQL reserves leaves under a row lock shared by every gateway instance.
/// </summary>
internal abstract class SqlTransparencyLog(IStoreSession session, SqlDialect dialect) : ITransparencyLog
{
    public abstract Task<long> SizeAsync(CancellationToken cancellationToken);

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
            $"SELECT node_key AS NodeKey, hash FROM merkle_nodes WHERE {dialect.In("node_key", "@keys")}",
            new { keys = nodes.Select(n => n.Key).ToArray() },
            session.Transaction);
        return rows.ToDictionary(r => MerkleNode.FromKey(r.NodeKey), r => r.Hash);
    }

    public async Task<SignedTreeHead?> LatestHeadAsync(CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TreeHeadRow>(
            $"SELECT {TreeHeadRow.Columns} FROM tree_heads ORDER BY seq DESC LIMIT 1", transaction: session.Transaction);
        return row?.ToSignedTreeHead();
    }

    public async Task AddHeadAsync(SignedTreeHead head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO tree_heads (tree_size, root_hash, signed_at, key_id, signature) VALUES (@size, @root, @at, @keyId, @signature)",
            new { size = head.Head.TreeSize, root = head.Head.RootHash, at = StoredValues.Time(head.Head.Timestamp), keyId = head.KeyId, signature = head.Signature },
            transaction);
    }

    private sealed class NodeRow
    {
        public long NodeKey { get; set; }

        public byte[] Hash { get; set; } = [];
    }
}
