using AlatauPay.Application.Chains;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using Dapper;

namespace AlatauPay.Persistence.Sqlite;

public sealed partial class SqliteChainStore
{
    private async Task InsertPaymentsAsync(
        string chain, IReadOnlyList<ObservedPayment> payments, DateTimeOffset seenAt, bool inMempool, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO chain_payments (chain, txid, output_index, method, destination, amount_minor, invoice_id, first_seen_at, in_mempool)
            VALUES (@chain, @txid, @index, @method, @destination, @amount,
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
                inMempool = inMempool ? 1 : 0,
            }),
            await session.WriteTransactionAsync(cancellationToken));
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
            "SELECT DISTINCT invoice_id FROM chain_payments WHERE chain = @chain AND txid IN @txids AND invoice_id IS NOT NULL",
            new { chain, txids = txids.Distinct().ToArray() },
            session.Transaction);
    }

    private async Task<T?> QuerySingleAsync<T>(string sql, object parameters, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<T>(sql, parameters, session.Transaction);
    }

    private sealed class PaymentKey
    {
        public string TxId { get; init; } = "";

        public long OutputIndex { get; init; }

        public string? InvoiceId { get; init; }
    }

    // A class with setters rather than a positional record: SQLite reports a NULL column's type as a blob,
    // which Dapper's constructor matching cannot reconcile with long?.
    private sealed class PaymentRow
    {
        public string Chain { get; init; } = "";

        public string TxId { get; init; } = "";

        public long OutputIndex { get; init; }

        public string Method { get; init; } = "";

        public string AmountMinor { get; init; } = "";

        public string FirstSeenAt { get; init; } = "";

        public long InMempool { get; init; }

        public string? AccountedBy { get; init; }

        public long? BlockHeight { get; init; }

        public long? TipHeight { get; init; }

        public PaymentObservation ToObservation()
        {
            var currency = Currency.Parse(Method);
            var (standing, confirmations) = (BlockHeight, TipHeight, InMempool) switch
            {
                ({ } height, { } tip, _) => (PaymentStanding.Confirmed, (int)(tip - height + 1)),
                (null, _, 1) => (PaymentStanding.Unconfirmed, 0),
                _ => (PaymentStanding.Gone, 0),
            };
            return new PaymentObservation(
                Chain, TxId, (int)OutputIndex, currency, new Money(currency, StoredValues.Int128(AmountMinor)),
                standing, confirmations, StoredValues.Time(FirstSeenAt), AccountedBy);
        }
    }
}
