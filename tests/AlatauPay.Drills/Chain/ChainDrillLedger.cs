using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using AlatauPay.Domain.Ledger;
using AlatauPay.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AlatauPay.Drills.Chain;

/// <summary>
/// The drill's own ledger and observation checks per invoice, beside the store-wide invariant checker:
/// an invoice paid on the canonical chain has its payment accounted exactly once (one live settlement, or
/// one posting to the payer's credit when it was already invalid) and observed alive; one that is not has
/// no live settlement (each settlement reversed), nothing posted for the payment and no live observation of
/// it; every entry balances per currency.
/// </summary>
internal sealed class ChainDrillLedger(ChainDrillRig rig)
{
    public async Task<IReadOnlyList<string>> CheckAsync(IReadOnlyList<DrillInvoice> invoices, IReadOnlyDictionary<string, bool?> paidOnChain)
    {
        var violations = new List<string>();
        await using var scope = rig.Services.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<ILedgerRepository>();
        var chains = scope.ServiceProvider.GetRequiredService<IChainStore>();
        foreach (var invoice in invoices)
        {
            var entries = await ledger.ListByInvoiceAsync(invoice.Id, CancellationToken.None);
            foreach (var entry in entries.Where(e => LedgerEntry.Imbalances(e.Entry.Postings).Values.Any(v => !v.IsZero)))
            {
                violations.Add($"{invoice.Id}: entry {entry.Entry.Key} does not balance");
            }

            var settlements = entries.Count(e => e.Entry.Key.StartsWith("settle:", StringComparison.Ordinal));
            var reversals = entries.Count(e => e.Entry.Key.StartsWith("reverse:settle:", StringComparison.Ordinal));
            if (paidOnChain[invoice.Id] is not { } paid)
            {
                continue;
            }

            var unapplied = invoice.Payment is null ? 0 : entries.Count(e =>
                e.Entry.Key.StartsWith("unapplied:", StringComparison.Ordinal) && e.Entry.Key.Contains(invoice.Payment, StringComparison.OrdinalIgnoreCase));
            if (settlements - reversals + unapplied != (paid ? 1 : 0) || settlements - reversals is < 0 or > 1)
            {
                violations.Add($"{invoice.Id}: {settlements} settlements, {reversals} reversals and {unapplied} unapplied postings of its payment, but it is {(paid ? "" : "not ")}paid on chain");
            }

            if (invoice.Payment is null)
            {
                continue;
            }

            var observed = await chains.ListPaymentsAsync(InvoiceId.Parse(invoice.Id), CancellationToken.None);
            var alive = observed.Any(o => o.IsAlive && string.Equals(o.TxId, invoice.Payment, StringComparison.OrdinalIgnoreCase));
            if (alive != paid)
            {
                var standings = string.Join(", ", observed.Select(o => $"{o.TxId[..10]} {o.Standing} {o.Confirmations}"));
                if (invoice.Method != "LTC")
                {
                    standings += await WhereOnAnvilAsync(chains, invoice.Payment);
                }

                violations.Add($"{invoice.Id}: its payment {invoice.Payment} is {(alive ? "alive" : "not alive")} in the store ({standings}), but {(paid ? "" : "not ")}on the canonical chain");
            }
        }

        return violations;
    }

    /// <summary>Where anvil has the payment and what the gateway holds at that height, for the violation's message.</summary>
    private async Task<string> WhereOnAnvilAsync(IChainStore chains, string payment)
    {
        var receipt = await rig.Devnet.Anvil.CallAsync("eth_getTransactionReceipt", payment);
        var height = (long)AnvilNode.Quantity(receipt.GetProperty("blockNumber"));
        var hash = receipt.GetProperty("blockHash").GetString();
        var ours = await chains.GetCanonicalBlockAsync("ETH", height, CancellationToken.None);
        var logs = await rig.Devnet.Anvil.CallAsync("eth_getLogs", new System.Text.Json.Nodes.JsonObject { ["blockHash"] = hash });
        return $"; anvil has it in block {height} {hash} with {logs.GetArrayLength()} logs, the gateway holds {ours?.Hash ?? "nothing"} there";
    }
}
