namespace AlatauPay.Application.Ports;

/// <summary>How many invoices are in each status now, for the invoices-by-state gauge. A store may leave it out.</summary>
public interface IInvoiceCensus
{
    /// <summary>Status name (<c>new</c>, <c>processing</c>, …) to count; statuses with no invoice may be absent.</summary>
    Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken);
}
