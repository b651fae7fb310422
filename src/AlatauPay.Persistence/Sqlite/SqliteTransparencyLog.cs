using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger.Transparency;
using Dapper;

namespace AlatauPay.Persistence.Sqlite;

/// <summary>
/// The Merkle tree over the ledger, stored as its perfect subtrees (migration 0004). Appends run inside the
/// entry's write transaction; reads need none, since a complete subtree never changes.
/// </summary>
public sealed class SqliteTransparencyLog(SqliteSession session, SqliteMerkleFrontier frontier) : ITransparencyLog
{
    /// <summary>
    /// The log's size, as SQL: level 0 of <c>merkle_nodes</c> holds one row per leaf, keyed by its index (node
    /// keys are level * 2^48 + index), so the next leaf is the largest level-0 key plus one.
    /// </summary>
    internal const string NextLeafSql = "(SELECT coalesce(max(node_key) + 1, 0) FROM merkle_nodes WHERE node_key < 281474976710656)";

    /// <summary>
    /// Stores leaf <paramref name="leafIndex"/> and every subtree it completes, in one command. The caller took
    /// the index from <see cref="NextLeafSql"/> under the write lock, so it is the log's size; a remembered edge of
    /// another size is stale (a rolled-back append) and is reloaded from the stored nodes.
    /// </summary>
    internal async Task AppendAsync(long leafIndex, byte[] leafHash, CancellationToken cancellationToken)
    {
        if (!frontier.TryGet(out var size, out var edge) || size != leafIndex)
        {
            (size, edge) = await LoadEdgeAsync(cancellationToken);
            if (size != leafIndex)
            {
                frontier.Forget();
                throw new InvalidOperationException($"The transparency log holds {size} leaves; leaf {leafIndex} is not the next one.");
            }
        }

        var (completed, next) = SqliteMerkleFrontier.Append(size, edge, leafHash);
        frontier.Forget();
        await InsertAsync(completed, cancellationToken);
        frontier.Set(size + 1, next);
    }

    private async Task InsertAsync(IReadOnlyList<(MerkleNode Node, byte[] Hash)> completed, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var insert = SqlitePrepared.Command(connection, await session.WriteTransactionAsync(cancellationToken), InsertNodesSql(completed.Count));
        for (var i = 0; i < completed.Count; i++)
        {
            insert.Parameters.AddWithValue($"@k{i}", completed[i].Node.Key);
            insert.Parameters.AddWithValue($"@h{i}", completed[i].Hash);
        }

        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One statement text per number of nodes (at most 64), so each is prepared once per connection.</summary>
    private static string InsertNodesSql(int count) => InsertNodesStatements[count - 1];

    private static readonly string[] InsertNodesStatements = [.. Enumerable.Range(1, 64).Select(count =>
        "INSERT INTO merkle_nodes (node_key, hash) VALUES " + string.Join(", ", Enumerable.Range(0, count).Select(i => $"(@k{i}, @h{i})")))];

    private async Task<(long Size, IReadOnlyList<byte[]> Edge)> LoadEdgeAsync(CancellationToken cancellationToken)
    {
        var size = await SizeAsync(cancellationToken);
        var nodes = SqliteMerkleFrontier.EdgeOf(size);
        var stored = nodes.Count == 0 ? new Dictionary<MerkleNode, byte[]>() : await ReadNodesAsync(nodes, cancellationToken);
        return (size, [.. nodes.Select(n => stored[n])]);
    }

    public async Task<long> SizeAsync(CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>($"SELECT {NextLeafSql}", transaction: session.Transaction);
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
            "SELECT node_key AS NodeKey, hash FROM merkle_nodes WHERE node_key IN @keys",
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
