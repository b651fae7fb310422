using System.Data.Common;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using AlatauPay.Domain.Ledger.Transparency;
using Dapper;

namespace AlatauPay.Persistence;

/// <summary>
/// The invariant checker's reads, the same SQL on both stores but for how each spells a true boolean. Rows are
/// read as stored: nothing here re-applies a rule, so an altered row reaches the checker as it is.
/// </summary>
internal static class AuditFactRows
{
    public static async Task<IReadOnlyList<InvoiceId>> InvoiceIdsAsync(DbConnection connection, DbTransaction? transaction)
    {
        var ids = await connection.QueryAsync<string>("SELECT id FROM invoices ORDER BY seq", transaction: transaction);
        return [.. ids.Select(InvoiceId.Parse)];
    }

    public static async Task<IReadOnlyList<SignedTreeHead>> TreeHeadsAsync(DbConnection connection, DbTransaction? transaction)
    {
        var rows = await connection.QueryAsync<TreeHeadRow>($"SELECT {TreeHeadRow.Columns} FROM tree_heads ORDER BY seq", transaction: transaction);
        return [.. rows.Select(r => r.ToSignedTreeHead())];
    }

    public static async Task<IReadOnlyList<ObservationKey>> ObservationKeysAsync(DbConnection connection, DbTransaction? transaction)
    {
        var rows = await connection.QueryAsync<ObservationRow>(
            "SELECT chain, txid AS TxId, output_index AS OutputIndex, invoice_id AS InvoiceId, accounted_by AS AccountedBy FROM chain_payments",
            transaction: transaction);
        return [.. rows.Select(r => new ObservationKey(r.Chain, r.TxId, r.OutputIndex, r.InvoiceId, r.AccountedBy))];
    }

    public static async Task<IReadOnlyList<EntryChainReference>> ChainReferencesAsync(DbConnection connection, DbTransaction? transaction)
    {
        var rows = await connection.QueryAsync<(string EntryKey, string Reference)>(
            "SELECT entry_key, reference FROM ledger_chain_references ORDER BY entry_key, reference", transaction: transaction);
        return [.. rows.Select(r => new EntryChainReference(r.EntryKey, r.Reference))];
    }

    /// <param name="canonical">The store's spelling of a canonical block: <c>canonical = 1</c> or <c>canonical</c>.</param>
    public static async Task<IReadOnlyList<StoredBlock>> CanonicalBlocksAsync(DbConnection connection, DbTransaction? transaction, string canonical)
    {
        var rows = await connection.QueryAsync<BlockRow>(
            $"SELECT chain, height, hash, parent_hash AS ParentHash FROM chain_blocks WHERE {canonical} ORDER BY chain, height", transaction: transaction);
        return [.. rows.Select(r => new StoredBlock(r.Chain, r.Height, r.Hash, r.ParentHash))];
    }

    private sealed class ObservationRow
    {
        public string Chain { get; set; } = "";

        public string TxId { get; set; } = "";

        public long OutputIndex { get; set; }

        public string? InvoiceId { get; set; }

        public string? AccountedBy { get; set; }
    }

    private sealed class BlockRow
    {
        public string Chain { get; set; } = "";

        public long Height { get; set; }

        public string Hash { get; set; } = "";

        public string ParentHash { get; set; } = "";
    }
}
