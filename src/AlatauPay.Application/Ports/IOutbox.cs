namespace AlatauPay.Application.Ports;

/// <summary>Events written in the same transaction as the change that caused them; delivered after commit.</summary>
public interface IOutbox
{
    Task AddAsync(OutboxEvent outboxEvent, CancellationToken cancellationToken);

    Task<IReadOnlyList<OutboxEvent>> ListByInvoiceAsync(string invoiceId, CancellationToken cancellationToken);
}

/// <summary>One event with a stable id, so receivers can deduplicate redeliveries.</summary>
public sealed record OutboxEvent(string Id, string Type, string? InvoiceId, string Payload, DateTimeOffset CreatedAt);
