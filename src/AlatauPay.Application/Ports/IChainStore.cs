using AlatauPay.Application.Chains;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Invoices;

namespace AlatauPay.Application.Ports;

/// <summary>
/// The watcher's own record of each chain: the blocks it processed (canonical or orphaned) and the payments
/// it saw, keyed by their natural keys. It is the source of truth for depth: a payment's confirmations are
/// counted only through canonical blocks of this table.
/// </summary>
public interface IChainStore
{
    /// <summary>The highest canonical block processed, or null before the first.</summary>
    Task<BlockPointer?> GetTipAsync(string chain, CancellationToken cancellationToken);

    Task<BlockPointer?> GetCanonicalBlockAsync(string chain, long height, CancellationToken cancellationToken);

    /// <summary>
    /// The lowest height of any block ever recorded, canonical or orphaned, or null before the first. A reorg
    /// deeper than the recorded history orphans every block; the watcher then resumes from here, not from the
    /// node's tip, so the new branch's blocks (and the payments they carry) are not skipped.
    /// </summary>
    Task<long?> GetLowestRecordedHeightAsync(string chain, CancellationToken cancellationToken);

    /// <summary>Records the block as canonical with its payments; recording it again changes nothing. Returns the invoices it paid.</summary>
    Task<IReadOnlyList<InvoiceId>> ConnectBlockAsync(string chain, ChainBlock block, DateTimeOffset seenAt, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the block orphaned. Its payments count as back in the mempool, where a node puts a disconnected
    /// block's transactions, until a complete mempool read finds them absent (decision 5): a reorg alone never
    /// makes a payment gone. Returns the invoices it had paid.
    /// </summary>
    Task<IReadOnlyList<InvoiceId>> DisconnectBlockAsync(string chain, string hash, CancellationToken cancellationToken);

    /// <summary>
    /// Records unconfirmed payments, and which of the chain's payments are in the mempool now. When
    /// <paramref name="complete"/> is false (the chain moved while the mempool was read), nothing is marked gone.
    /// </summary>
    Task<IReadOnlyList<InvoiceId>> RecordMempoolAsync(string chain, MempoolView mempool, bool complete, DateTimeOffset seenAt, CancellationToken cancellationToken);

    /// <summary>Txids of the chain's payments held as unconfirmed (seen in the mempool, or back from a block a reorg took away).</summary>
    Task<IReadOnlyList<string>> ListUnconfirmedTxIdsAsync(string chain, CancellationToken cancellationToken);

    Task<IReadOnlyList<PaymentObservation>> ListPaymentsAsync(InvoiceId invoice, CancellationToken cancellationToken);

    /// <summary>Invoices with a payment on this chain that is not yet accounted for, or whose accounting lost its payment.</summary>
    Task<IReadOnlyList<InvoiceId>> ListUnreconciledAsync(string chain, CancellationToken cancellationToken);

    Task MarkAccountedAsync(IEnumerable<PaymentObservation> payments, string entryKey, CancellationToken cancellationToken);

    Task ClearAccountingAsync(string entryKey, CancellationToken cancellationToken);

    /// <summary>Deposit targets of these methods issued after <paramref name="afterSequence"/> and still worth watching.</summary>
    Task<IReadOnlyList<WatchTarget>> ListWatchTargetsAsync(
        IReadOnlyCollection<Currency> methods, DateTimeOffset openSince, long afterSequence, CancellationToken cancellationToken);

    Task RequestRescanAsync(string chain, long fromHeight, CancellationToken cancellationToken);

    /// <summary>The lowest height a pending rescan request asks for, if any; reading it leaves it pending.</summary>
    Task<long?> FindRescanRequestAsync(string chain, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a rescan has processed the blocks below <paramref name="next"/>: the pending request moves from
    /// <paramref name="from"/> to <paramref name="next"/>, and the request is done (removed) when
    /// <paramref name="next"/> is null. Only if the request still stands at <paramref name="from"/>: a request for a
    /// lower height that came in meanwhile stays, and false says so.
    /// </summary>
    Task<bool> AdvanceRescanRequestAsync(string chain, long from, long? next, CancellationToken cancellationToken);
}

public sealed record BlockPointer(long Height, string Hash);

public sealed record WatchTarget(long Sequence, Currency Method, string Destination);
