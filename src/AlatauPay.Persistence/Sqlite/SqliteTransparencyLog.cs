using AlatauPay.Domain.Ledger.Transparency;
using AlatauPay.Persistence.Sql;
using Dapper;

namespace AlatauPay.Persistence.Sqlite;

/// <summary>
/// The Merkle tree over the ledger, stored as its perfect subtrees (migration 0004). Appends run inside the
/// entry's write transaction; reads need none, since a complete subtree never changes.
/// </summary>
internal sealed class SqliteTransparencyLog : SqlTransparencyLog
{
    private readonly SqliteSession session;
    private readonly SqliteMerkleFrontier frontier;

    public SqliteTransparencyLog(SqliteSession session, SqliteMerkleFrontier frontier)
        : base(session, SqlDialect.Sqlite) => (this.session, this.frontier) = (session, frontier);

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
        var transaction = await session.WriteTransactionAsync(cancellationToken);
        var insert = SqlitePrepared.Command(await session.ConnectionAsync(cancellationToken), transaction, InsertNodesSql(completed.Count));
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

    public override async Task<long> SizeAsync(CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>($"SELECT {NextLeafSql}", transaction: session.Transaction);
    }
}
