namespace AlatauPay.Application.Ports;

/// <summary>The outbox read back as the merchant's event log.</summary>
public interface IEventLog
{
    Task<StoredEvent?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Newest first; only events of <paramref name="departments"/> when given.</summary>
    Task<IReadOnlyList<StoredEvent>> ListAsync(
        int limit, string? startingAfter, string? type, IReadOnlySet<string>? departments, CancellationToken cancellationToken);
}

/// <summary>An outbox event with the department of the invoice it is about.</summary>
public sealed record StoredEvent(string Id, string Type, string? InvoiceId, string? Department, string Payload, DateTimeOffset CreatedAt);
