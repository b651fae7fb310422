using AlatauPay.Domain.Ledger.Transparency;
using AlatauPay.Persistence.Sql;
using AlatauPay.Persistence.Sqlite;
using Dapper;

namespace AlatauPay.Persistence.Postgres;

/// <summary>
/// The Merkle tree over the ledger, stored as its perfect subtrees (see migration 0001). An append runs inside
/// the entry's transaction and takes the log's size row first, so appends from every gateway instance are
/// serialised and each builds on the right edge the previous one committed; reads need no transaction,
/// since a complete subtree never changes.
/// </summary>
internal sealed class PostgresTransparencyLog : SqlTransparencyLog
{
    private readonly PostgresSession session;

    public PostgresTransparencyLog(PostgresSession session)
        : base(session, SqlDialect.Postgres) => this.session = session;

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

    public override async Task<long> SizeAsync(CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(leaf_index) + 1, 0) FROM ledger_entries", transaction: session.Transaction);
    }
}
