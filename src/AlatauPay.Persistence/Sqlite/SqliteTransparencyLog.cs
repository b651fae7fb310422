using AlatauPay.Application.Ports;
using AlatauPay.Domain.Ledger.Transparency;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AlatauPay.Persistence.Sqlite;

/// <summary>
/// The Merkle tree over the ledger, stored as its perfect subtrees (migration 0004). Appends run inside the
/// entry's write transaction; reads need none, since a complete subtree never changes.
/// </summary>
public sealed class SqliteTransparencyLog(SqliteSession session, SqliteMerkleFrontier frontier) : ITransparencyLog
{
    /// <summary>The refusal of migration 0004's trigger when a leaf is not the next one.</summary>
    private const string NextLeafOnly = "a leaf must be the next one";

    /// <summary>
    /// Makes <paramref name="entryId"/> the next leaf, and stores every subtree it completes, in one command.
    /// The command inserts nothing unless the log still has the size the remembered edge assumed.
    /// </summary>
    internal async Task AppendAsync(long entryId, byte[] leafHash, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (!frontier.TryGet(out var size, out var edge))
            {
                (size, edge) = await LoadEdgeAsync(cancellationToken);
            }

            var (completed, next) = SqliteMerkleFrontier.Append(size, edge, leafHash);
            if (await TryInsertAsync(entryId, size, completed, cancellationToken))
            {
                frontier.Set(size + 1, next);
                return;
            }

            frontier.Forget();
            if (attempt > 0)
            {
                throw new InvalidOperationException($"The transparency log did not accept leaf {size} for entry {entryId}.");
            }
        }
    }

    private async Task<bool> TryInsertAsync(long entryId, long leafIndex, IReadOnlyList<(MerkleNode Node, byte[] Hash)> completed, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var parameters = new DynamicParameters(new { entryId, leafIndex });
        var values = new List<string>(completed.Count);
        for (var i = 0; i < completed.Count; i++)
        {
            parameters.Add($"k{i}", completed[i].Node.Key);
            parameters.Add($"h{i}", completed[i].Hash);
            values.Add($"(@k{i}, @h{i})");
        }

        try
        {
            await connection.ExecuteAsync(
                $"""
                INSERT INTO ledger_leaves (leaf_index, entry_id) VALUES (@leafIndex, @entryId);
                INSERT INTO merkle_nodes (node_key, hash) VALUES {string.Join(", ", values)};
                """,
                parameters,
                await session.WriteTransactionAsync(cancellationToken));
            return true;
        }
        catch (SqliteException refused) when (refused.Message.Contains(NextLeafOnly, StringComparison.Ordinal))
        {
            return false;
        }
    }

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
        return await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(leaf_index) + 1, 0) FROM ledger_leaves", transaction: session.Transaction);
    }

    public async Task<long?> LeafIndexOfAsync(long entryId, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(
            "SELECT leaf_index FROM ledger_leaves WHERE entry_id = @entryId", new { entryId }, session.Transaction);
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
        return row is null ? null : new SignedTreeHead(new TreeHead(row.TreeSize, row.RootHash, SqliteValues.Time(row.SignedAt)), row.KeyId, row.Signature);
    }

    public async Task AddHeadAsync(SignedTreeHead head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        var connection = await session.ConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO tree_heads (tree_size, root_hash, signed_at, key_id, signature) VALUES (@size, @root, @at, @keyId, @signature)",
            new { size = head.Head.TreeSize, root = head.Head.RootHash, at = SqliteValues.Time(head.Head.Timestamp), keyId = head.KeyId, signature = head.Signature },
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
