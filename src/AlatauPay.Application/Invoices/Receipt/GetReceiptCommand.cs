using System.Text.Json.Nodes;
using AlatauPay.Application.Common;
using AlatauPay.Application.Invoices.Get;
using AlatauPay.Application.Ledger.Transparency;
using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using AlatauPay.Domain.Ledger.Transparency;
using Mediator;

namespace AlatauPay.Application.Invoices.Receipt;

/// <summary>
/// A settled invoice's receipt, signed with the deployment key: what was paid, the settlement entry's
/// canonical bytes, and its inclusion proof in a signed tree head. A command, because covering the entry
/// may mean signing a new head.
/// </summary>
public sealed record GetReceiptCommand(string Id) : ICommand<ReceiptView>;

/// <summary>The receipt and the Ed25519 signature over its RFC 8785 canonical bytes.</summary>
public sealed record ReceiptView(JsonObject Receipt, string KeyId, string PublicKey, string Signature);

public sealed class GetReceiptHandler(
    IInvoiceRepository invoices,
    ILedgerReader ledger,
    IChainStore chains,
    ITransparencyLog log,
    TreeHeadSigner heads,
    ILedgerSigner signer,
    TimeProvider clock)
    : ICommandHandler<GetReceiptCommand, ReceiptView>
{
    public async ValueTask<ReceiptView> Handle(GetReceiptCommand command, CancellationToken cancellationToken)
    {
        var invoice = await invoices.FindExistingAsync(command.Id, cancellationToken);
        var entries = await ledger.ListAsync(new LedgerEntryFilter(null, invoice.Id.Value, null, null, TimeBasis.Recorded), 100, null, cancellationToken);
        var reversed = entries.Select(e => e.Key).Where(k => k.StartsWith("reverse:", StringComparison.Ordinal)).Select(k => k["reverse:".Length..]).ToHashSet();
        // The settlement in force: the latest one not reversed (settle:{id}, or settle:{id}:2 after a reversal).
        var entry = entries.LastOrDefault(e => PaymentReconciliation.IsSettlementKey(e.Key) && !reversed.Contains(e.Key));
        if (invoice.Status != InvoiceStatus.Settled || entry is null)
        {
            throw new StateConflictException("invoice-not-settled", $"Invoice {invoice.Id} is {invoice.Status.ToName()}; only a settled invoice has a receipt.");
        }

        var head = await heads.CurrentAsync(cancellationToken);
        var path = await log.ComputeAsync(nodes => MerkleProofs.Inclusion(entry.LeafIndex, head.Head.TreeSize, nodes), cancellationToken);
        var payments = await chains.ListPaymentsAsync(invoice.Id, cancellationToken);
        var references = payments.Where(p => p.AccountedBy == entry.Key).Select(p => p.Reference).ToList();
        var receipt = ReceiptDocument.Build(invoice, entry, head, path, references, clock.GetUtcNow());
        var signature = signer.Sign(CanonicalJson.Serialize(receipt));
        return new ReceiptView(receipt, signer.KeyId, Convert.ToBase64String(signer.PublicKey), Convert.ToBase64String(signature));
    }
}
