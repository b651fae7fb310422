using AlatauPay.Domain.Ledger.Transparency;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Persistence.Sqlite;

/// <summary>
/// Gives entries posted before the transparency log existed (migration 0004) their leaves, in posting order,
/// before the gateway serves anything. Afterwards every entry gets its leaf in its own transaction.
/// </summary>
internal static class SqliteTransparencyBackfill
{
    public static async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<SqliteSession>();
        var log = scope.ServiceProvider.GetRequiredService<SqliteTransparencyLog>();
        await session.BeginAsync(cancellationToken);
        try
        {
            var connection = await session.ConnectionAsync(cancellationToken);
            var missing = (await connection.QueryAsync<EntryRow>(
                """
                SELECT e.id AS Id, -1 AS LeafIndex, e.entry_key AS EntryKey, e.invoice_id AS InvoiceId, e.description AS Description,
                       e.effective_at AS EffectiveAt, e.recorded_at AS RecordedAt
                FROM ledger_entries e WHERE e.leaf_index IS NULL ORDER BY e.id
                """,
                transaction: session.Transaction)).ToList();
            if (missing.Count > 0)
            {
                // Reads from here on run in the write transaction, on the writer's connection.
                connection = (await session.WriteTransactionAsync(cancellationToken)).Connection!;
            }

            foreach (var entry in missing)
            {
                var postings = await connection.QueryAsync<PostingRow>(
                    """
                    SELECT entry_id AS EntryId, account AS Account, side AS Side, currency AS Currency, amount_minor AS AmountMinor
                    FROM ledger_postings WHERE entry_id = @id ORDER BY line
                    """,
                    new { id = entry.Id },
                    session.Transaction);
                var record = entry.ToRecord([.. postings.Select(p => LedgerRows.ToPosting(p.Account, p.Side, p.Currency, p.AmountMinor))]);
                var leafIndex = await connection.ExecuteScalarAsync<long>(
                    $"UPDATE ledger_entries SET leaf_index = {SqliteTransparencyLog.NextLeafSql} WHERE id = @id RETURNING leaf_index",
                    new { id = entry.Id },
                    session.Transaction);
                await log.AppendAsync(leafIndex, MerkleHash.Leaf(record.CanonicalBytes()), cancellationToken);
            }

            await session.CommitAsync(cancellationToken);
        }
        catch
        {
            await session.RollbackAsync(CancellationToken.None);
            throw;
        }
    }
}
