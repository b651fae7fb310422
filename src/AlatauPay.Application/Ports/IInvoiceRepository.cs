using AlatauPay.Domain.Departments;
using AlatauPay.Domain.Invoices;

namespace AlatauPay.Application.Ports;

public interface IInvoiceRepository
{
    Task AddAsync(Invoice invoice, CancellationToken cancellationToken);

    Task<Invoice?> FindAsync(InvoiceId id, CancellationToken cancellationToken);

    /// <summary>Newest first; <paramref name="startingAfter"/> must exist (callers check with <see cref="FindAsync"/>).</summary>
    Task<IReadOnlyList<Invoice>> ListAsync(InvoiceFilter filter, int limit, InvoiceId? startingAfter, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the invoice's status, flags and amounts paid, if it is still at the version it was read at.
    /// Throws <see cref="ConcurrentUpdateException"/> otherwise.
    /// </summary>
    Task UpdateAsync(Invoice invoice, CancellationToken cancellationToken);

    /// <summary>
    /// Open invoices (new, processing) whose time ran out by <paramref name="now"/>, oldest first, from just after
    /// <paramref name="after"/> when it is given: a pass pages on past invoices that stay open.
    /// </summary>
    Task<IReadOnlyList<DueInvoice>> ListDueForExpiryAsync(DateTimeOffset now, DueInvoice? after, int limit, CancellationToken cancellationToken);
}

/// <summary>An open invoice past its time, and its place in the expiry order (expiry time, then id).</summary>
public sealed record DueInvoice(InvoiceId Id, DateTimeOffset ExpiresAt);

/// <summary><paramref name="Departments"/>, when given, limits the list to those departments (a restricted API key).</summary>
public sealed record InvoiceFilter(DepartmentCode? Department, InvoiceStatus? Status, IReadOnlySet<string>? Departments = null);

/// <summary>Someone else changed the row since it was read; the whole request is retried or refused.</summary>
public sealed class ConcurrentUpdateException(string message) : Exception(message);
