using AlatauPay.Application.Chains;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;
using AlatauPay.Domain.Ledger;
using Dapper;

namespace AlatauPay.Persistence.Sql;

internal sealed partial class SqlChainStore(IStoreSession session, SqlDialect dialect) : IChainStore
{
    public async Task<BlockPointer?> GetTipAsync(string chain, CancellationToken cancellationToken) =>
        await QuerySingleAsync<BlockPointer>(
            $"SELECT height, hash FROM chain_blocks WHERE chain = @chain AND {dialect.IsTrue("canonical")} ORDER BY height DESC LIMIT 1", new { chain }, cancellationToken);

    public async Task<BlockPointer?> GetCanonicalBlockAsync(string chain, long height, CancellationToken cancellationToken) =>
        await QuerySingleAsync<BlockPointer>(
            $"SELECT height, hash FROM chain_blocks WHERE chain = @chain AND height = @height AND {dialect.IsTrue("canonical")}",
            new { chain, height },
            cancellationToken);

    public async Task<long?> GetLowestRecordedHeightAsync(string chain, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(
            "SELECT min(height) FROM chain_blocks WHERE chain = @chain", new { chain }, session.Transaction);
    }

    public async Task<IReadOnlyList<InvoiceId>> ConnectBlockAsync(string chain, ChainBlock block, DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        await connection.ExecuteAsync(
            $"""
            INSERT INTO chain_blocks (chain, hash, height, parent_hash, canonical, block_time, connected_at)
            VALUES (@chain, @hash, @height, @parent, {dialect.True}, @time, @at)
            ON CONFLICT (chain, hash) DO UPDATE SET canonical = {dialect.True}
            """,
            new { chain, hash = block.Hash, height = block.Height, parent = block.ParentHash, time = StoredValues.Time(block.Time), at = StoredValues.Time(seenAt) },
            transaction);
        await InsertPaymentsAsync(chain, block.Payments, seenAt, inMempool: false, cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO chain_payment_blocks (chain, txid, block_hash) VALUES (@chain, @txid, @hash) ON CONFLICT DO NOTHING",
            block.Payments.Select(p => p.TxId).Distinct().Select(txid => new { chain, txid, hash = block.Hash }),
            transaction);
        return await InvoicesPaidInBlockAsync(chain, block.Hash, cancellationToken);
    }

    public async Task<IReadOnlyList<InvoiceId>> DisconnectBlockAsync(string chain, string hash, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        await connection.ExecuteAsync(
            $"""
            UPDATE chain_blocks SET canonical = {dialect.False} WHERE chain = @chain AND hash = @hash;
            UPDATE chain_payments SET in_mempool = {dialect.True}
            WHERE chain = @chain AND {dialect.IsFalse("in_mempool")} AND txid IN (SELECT txid FROM chain_payment_blocks WHERE chain = @chain AND block_hash = @hash);
            """,
            new { chain, hash },
            transaction);
        return await InvoicesPaidInBlockAsync(chain, hash, cancellationToken);
    }

    public async Task<IReadOnlyList<InvoiceId>> RecordMempoolAsync(
        string chain, MempoolView mempool, bool complete, DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        var before = (await connection.QueryAsync<PaymentKey>(
            $"SELECT txid, output_index AS OutputIndex, invoice_id AS InvoiceId FROM chain_payments WHERE chain = @chain AND {dialect.IsTrue("in_mempool")}",
            new { chain }, transaction)).ToList();
        await InsertPaymentsAsync(chain, mempool.Payments, seenAt, inMempool: true, cancellationToken);
        var returned = await connection.ExecuteAsync(
            $"""
            UPDATE chain_payments SET in_mempool = {dialect.True}
            WHERE chain = @chain AND txid = @txid AND output_index = @index AND {dialect.IsFalse("in_mempool")}
            """,
            mempool.Payments.Select(p => new { chain, txid = p.TxId, index = p.Index }),
            transaction);
        var left = complete ? before.Where(p => !mempool.TxIds.Contains(p.TxId)).ToList() : [];
        await connection.ExecuteAsync(
            $"UPDATE chain_payments SET in_mempool = {dialect.False} WHERE chain = @chain AND txid = @TxId AND output_index = @OutputIndex",
            left.Select(p => new { chain, p.TxId, p.OutputIndex }),
            transaction);

        var changed = left.Select(p => p.InvoiceId).ToHashSet();
        if (returned > 0 || mempool.Payments.Count > before.Count)
        {
            changed.UnionWith(await InvoicesOfAsync(chain, mempool.Payments.Select(p => p.TxId), cancellationToken));
        }

        return [.. changed.OfType<string>().Select(InvoiceId.Parse)];
    }

    public async Task<IReadOnlyList<string>> ListUnconfirmedTxIdsAsync(string chain, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var txids = await connection.QueryAsync<string>(
            $"SELECT DISTINCT txid FROM chain_payments WHERE chain = @chain AND {dialect.IsTrue("in_mempool")} ORDER BY txid",
            new { chain },
            session.Transaction);
        return [.. txids];
    }

    public async Task<IReadOnlyList<PaymentObservation>> ListPaymentsAsync(InvoiceId invoice, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PaymentRow>(
            $"""
            SELECT p.chain, p.txid, p.output_index AS OutputIndex, p.method, {dialect.Text("p.amount_minor")} AS AmountMinor, p.first_seen_at AS FirstSeenAt,
                   {dialect.AsInteger("p.in_mempool")} AS InMempool, p.accounted_by AS AccountedBy,
                   (SELECT max(b.height) FROM chain_payment_blocks l
                      JOIN chain_blocks b ON b.chain = l.chain AND b.hash = l.block_hash AND {dialect.IsTrue("b.canonical")}
                     WHERE l.chain = p.chain AND l.txid = p.txid) AS BlockHeight,
                   (SELECT max(t.height) FROM chain_blocks t WHERE t.chain = p.chain AND {dialect.IsTrue("t.canonical")}) AS TipHeight
            FROM chain_payments p WHERE p.invoice_id = @invoice
            ORDER BY p.first_seen_at, p.txid, p.output_index
            """,
            new { invoice = invoice.Value },
            session.Transaction);
        return [.. rows.Select(r => r.ToObservation())];
    }

    public async Task<IReadOnlyList<InvoiceId>> ListUnreconciledAsync(string chain, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<string>(
            $"""
            SELECT DISTINCT p.invoice_id FROM chain_payments p
            WHERE p.chain = @chain AND p.invoice_id IS NOT NULL
              AND (p.accounted_by IS NULL
                   OR ({dialect.IsFalse("p.in_mempool")} AND NOT EXISTS (
                         SELECT 1 FROM chain_payment_blocks l
                           JOIN chain_blocks b ON b.chain = l.chain AND b.hash = l.block_hash AND {dialect.IsTrue("b.canonical")}
                          WHERE l.chain = p.chain AND l.txid = p.txid)))
            """,
            new { chain },
            session.Transaction);
        return [.. ids.Select(InvoiceId.Parse)];
    }

    public async Task MarkAccountedAsync(IEnumerable<PaymentObservation> payments, string entryKey, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            UPDATE chain_payments SET accounted_by = @entryKey WHERE chain = @Chain AND txid = @TxId AND output_index = @Index;
            INSERT INTO ledger_chain_references (entry_key, reference) VALUES (@entryKey, @Chain || ':' || @TxId || ':' || @Index)
            ON CONFLICT DO NOTHING;
            """,
            payments.Select(p => new { entryKey, p.Chain, p.TxId, p.Index }),
            transaction);
    }

    public async Task ClearAccountingAsync(string entryKey, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO ledger_chain_references (entry_key, reference)
            SELECT @reversalKey, reference FROM ledger_chain_references WHERE entry_key = @entryKey
            ON CONFLICT DO NOTHING;
            UPDATE chain_payments SET accounted_by = NULL WHERE accounted_by = @entryKey;
            """,
            new { entryKey, reversalKey = ReversalPosting.KeyFor(entryKey) },
            transaction);
    }

    public async Task<IReadOnlyList<WatchTarget>> ListWatchTargetsAsync(
        IReadOnlyCollection<Currency> methods, DateTimeOffset openSince, long afterSequence, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        var sequence = $"m.{dialect.RowKey("seq")}";
        var rows = await connection.QueryAsync<(long Sequence, string Method, string Destination)>(
            $"""
            SELECT {sequence}, m.method, m.destination FROM invoice_payment_methods m JOIN invoices i ON i.id = m.invoice_id
            WHERE {dialect.In("m.method", "@methods")} AND {sequence} > @afterSequence
              AND (i.status IN ('new', 'processing') OR i.expires_at > @openSince)
            ORDER BY {sequence}
            """,
            new { methods = methods.Select(m => m.Code).ToArray(), afterSequence, openSince = StoredValues.Time(openSince) },
            session.Transaction);
        return [.. rows.Select(r => new WatchTarget(r.Sequence, Currency.Parse(r.Method), r.Destination))];
    }

    public async Task RequestRescanAsync(string chain, long fromHeight, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        await connection.ExecuteAsync(
            $"""
            INSERT INTO chain_rescans (chain, from_height, requested_at) VALUES (@chain, @fromHeight, @at)
            ON CONFLICT (chain) DO UPDATE SET from_height = {dialect.Least}(chain_rescans.from_height, excluded.from_height)
            """,
            new { chain, fromHeight, at = StoredValues.Time(DateTimeOffset.UtcNow) },
            transaction);
    }

    public async Task<long?> FindRescanRequestAsync(string chain, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(
            "SELECT from_height FROM chain_rescans WHERE chain = @chain", new { chain }, session.Transaction);
    }

    public async Task<bool> AdvanceRescanRequestAsync(string chain, long from, long? next, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await session.WriteAsync(cancellationToken);
        return await connection.ExecuteAsync(
            next is null
                ? "DELETE FROM chain_rescans WHERE chain = @chain AND from_height = @from"
                : "UPDATE chain_rescans SET from_height = @next WHERE chain = @chain AND from_height = @from",
            new { chain, from, next },
            transaction) == 1;
    }
}
