using Dapper;
using Npgsql;

namespace AlatauPay.Api.Tests;

/// <summary>Checks on a gateway's PostgreSQL database that go around the API, for what the API does not show.</summary>
internal static class StoreAudit
{
    /// <summary>Every ledger entry key of each invoice, so a second entry of any kind shows.</summary>
    public static async Task<Dictionary<string, List<string>>> EntryKeysAsync(this NpgsqlConnection connection, IReadOnlyCollection<string> invoices)
    {
        var rows = await connection.QueryAsync<(string Invoice, string Key)>(
            "SELECT invoice_id, entry_key FROM ledger_entries WHERE invoice_id = ANY(@invoices) ORDER BY id", new { invoices = invoices.ToArray() });
        return invoices.ToDictionary(id => id, id => rows.Where(r => r.Invoice == id).Select(r => r.Key).ToList());
    }

    /// <summary>Payment observations of each invoice as (chain, txid, output index).</summary>
    public static async Task<Dictionary<string, List<string>>> ObservationsAsync(this NpgsqlConnection connection, IReadOnlyCollection<string> invoices)
    {
        var rows = await connection.QueryAsync<(string Invoice, string Chain, string Txid, long Index)>(
            "SELECT invoice_id, chain, txid, output_index FROM chain_payments WHERE invoice_id = ANY(@invoices)", new { invoices = invoices.ToArray() });
        return invoices.ToDictionary(id => id, id => rows.Where(r => r.Invoice == id).Select(r => $"{r.Chain}:{r.Txid}:{r.Index}").ToList());
    }

    /// <summary>Fails unless every entry, and so the whole ledger, balances in each currency.</summary>
    public static async Task AssertLedgerBalancedAsync(this NpgsqlConnection connection)
    {
        var unbalanced = (await connection.QueryAsync<string>(
            """
            SELECT e.entry_key || ' ' || p.currency
            FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
            GROUP BY e.entry_key, p.currency
            HAVING sum(CASE p.side WHEN 'debit' THEN p.amount_minor ELSE -p.amount_minor END) <> 0
            """)).ToList();
        Assert.True(unbalanced.Count == 0, $"Unbalanced entries: {string.Join(", ", unbalanced)}");
        Assert.True(
            await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM ledger_entries e WHERE NOT EXISTS (SELECT 1 FROM ledger_postings p WHERE p.entry_id = e.id)") == 0,
            "An entry has no postings.");
    }
}
