using AlatauPay.Application.Chains;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using AlatauPay.Domain.Ledger;

namespace AlatauPay.Application.Audit.Check;

/// <summary>
/// Every settled invoice's payments are on the canonical chain at the depth its policy asks, or the
/// settlement was reversed. Depth is counted through the stored canonical blocks, which must link up by
/// parent hash; when a chain's node is reachable, the stored canonical blocks are compared with the node's.
/// </summary>
internal sealed class ChainInvariants(
    IReadOnlyList<StoredInvoice> invoices,
    IReadOnlyList<LedgerRecord> entries,
    IReadOnlyList<EntryChainReference> references,
    IReadOnlyList<StoredBlock> canonical,
    IReadOnlyList<IChainNode> nodes)
{
    /// <summary>How far back from each stored tip the node is asked about.</summary>
    private const int NodeWindow = 200;

    public async Task<InvariantResult> SettledPaymentsOnCanonicalChainAsync(CancellationToken cancellationToken)
    {
        var violations = new List<string>();
        CheckLinkage(violations);
        var keys = entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var cited = references.ToLookup(r => r.EntryKey, r => r.Reference);
        var checkedCount = 0L;
        foreach (var (invoice, payments, required) in invoices.Where(i => i.Invoice.Status == InvoiceStatus.Settled))
        {
            foreach (var settlement in entries.Where(e => e.InvoiceId == invoice.Id.Value && PaymentReconciliation.IsSettlementKey(e.Key)
                         && !keys.Contains(ReversalPosting.KeyFor(e.Key))))
            {
                var paid = cited[settlement.Key].ToHashSet(StringComparer.Ordinal);
                var settledBy = payments.Where(p => paid.Contains(p.Reference) || p.AccountedBy == settlement.Key).ToList();
                if (settledBy.Count == 0)
                {
                    violations.Add($"invoice {invoice.Id} is settled by {settlement.Key}, which cites no stored payment");
                }

                foreach (var payment in settledBy)
                {
                    checkedCount++;
                    var needed = required(payment.Method);
                    // A policy of zero confirmations settles from the mempool: such a payment need only still be alive.
                    if (!payment.IsAlive || (needed > 0 && (payment.Standing != PaymentStanding.Confirmed || payment.Confirmations < needed)))
                    {
                        violations.Add(
                            $"invoice {invoice.Id} is settled by {payment.Reference}, which is {payment.Standing.ToString().ToLowerInvariant()} with {payment.Confirmations} of {needed} confirmations, and not reversed");
                    }
                }
            }
        }

        var consulted = new List<string>();
        foreach (var node in nodes)
        {
            if (await CompareWithNodeAsync(node, violations, cancellationToken))
            {
                consulted.Add(node.Chain);
            }
        }

        var unconsulted = canonical.Select(b => b.Chain).Distinct().Except(consulted).Order(StringComparer.Ordinal).ToList();
        var note = unconsulted.Count == 0
            ? null
            : $"node not consulted for {string.Join(", ", unconsulted)}: checked against the stored chain record only";
        return new InvariantResult("settled-on-chain", "every settled invoice's payments are canonical at the policy depth, or reversed", checkedCount, violations, note);
    }

    private void CheckLinkage(List<string> violations)
    {
        foreach (var chain in canonical.GroupBy(b => b.Chain))
        {
            var byHeight = chain.GroupBy(b => b.Height).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var (height, blocks) in byHeight)
            {
                if (blocks.Count > 1)
                {
                    violations.Add($"{chain.Key} has {blocks.Count} canonical blocks at height {height}");
                }
                else if (byHeight.TryGetValue(height - 1, out var parents) && parents.Count == 1 && !string.Equals(blocks[0].ParentHash, parents[0].Hash, StringComparison.OrdinalIgnoreCase))
                {
                    violations.Add($"{chain.Key} canonical block {blocks[0].Hash} at {height} does not build on canonical block {parents[0].Hash}");
                }
            }
        }
    }

    /// <returns>Whether the node answered.</returns>
    private async Task<bool> CompareWithNodeAsync(IChainNode node, List<string> violations, CancellationToken cancellationToken)
    {
        var stored = canonical.Where(b => b.Chain == node.Chain).OrderByDescending(b => b.Height).Take(NodeWindow).ToList();
        try
        {
            foreach (var block in stored)
            {
                var hash = await node.GetBlockHashAsync(block.Height, cancellationToken);
                if (!string.Equals(hash, block.Hash, StringComparison.OrdinalIgnoreCase))
                {
                    violations.Add($"{node.Chain} stores {block.Hash} as canonical at {block.Height}; the node has {hash ?? "no block"} there");
                }
            }

            return true;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
