using AlatauPay.Application.Chains;
using AlatauPay.Domain.Invoices;
using Dapper;

namespace AlatauPay.Persistence.Sql;

internal sealed partial class SqlChainStore
{
    private async Task InsertPaymentsAsync(
        string chain, IReadOnlyList<ObservedPayment> payments, DateTimeOffset seenAt, bool inMempool, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        await connection.ExecuteAsync(
            $"""
            INSERT INTO chain_payments (chain, txid, output_index, method, destination, amount_minor, invoice_id, first_seen_at, in_mempool)
            VALUES (@chain, @txid, @index, @method, @destination, {dialect.Numeric("@amount")},
                    (SELECT invoice_id FROM invoice_payment_methods WHERE method = @method AND destination = @destination),
                    @seenAt, @inMempool)
            ON CONFLICT (chain, txid, output_index) DO NOTHING
            """,
            payments.Select(p => new
            {
                chain,
                txid = p.TxId,
                index = p.Index,
                method = p.Method.Code,
                destination = p.Destination,
                amount = StoredValues.Integer(p.Amount.MinorUnits),
                seenAt = StoredValues.Time(seenAt),
                inMempool, // SQLite binds a boolean as the integer 1 or 0, which its partial index on in_mempool = 1 expects.
            }),
            transaction);
    }

    private async Task<IReadOnlyList<InvoiceId>> InvoicesPaidInBlockAsync(string chain, string hash, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<string>(
            """
            SELECT DISTINCT p.invoice_id FROM chain_payment_blocks l
            JOIN chain_payments p ON p.chain = l.chain AND p.txid = l.txid
            WHERE l.chain = @chain AND l.block_hash = @hash AND p.invoice_id IS NOT NULL
            """,
            new { chain, hash },
            session.Transaction);
        return [.. ids.Select(InvoiceId.Parse)];
    }

    private async Task<IEnumerable<string?>> InvoicesOfAsync(string chain, IEnumerable<string> txids, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        return await connection.QueryAsync<string?>(
            $"SELECT DISTINCT invoice_id FROM chain_payments WHERE chain = @chain AND {dialect.In("txid", "@txids")} AND invoice_id IS NOT NULL",
            new { chain, txids = txids.Distinct().ToArray() },
            session.Transaction);
    }

    private async Task<T?> QuerySingleAsync<T>(string sql, object parameters, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<T>(sql, parameters, session.Transaction);
    }
}
