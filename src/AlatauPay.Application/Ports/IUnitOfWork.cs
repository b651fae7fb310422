namespace AlatauPay.Application.Ports;

/// <summary>
/// The storage transaction of one request. Every repository of the same scope writes inside it, so an
/// effect, its ledger entry and its outbox event commit together or not at all.
/// </summary>
public interface IUnitOfWork
{
    bool InTransaction { get; }

    Task BeginAsync(CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);

    Task RollbackAsync(CancellationToken cancellationToken);

    /// <summary>
    /// True when <paramref name="failure"/> says only that this attempt lost a race with another transaction
    /// (a serialization failure, a deadlock): the whole unit of work may run again in a fresh transaction.
    /// </summary>
    bool IsTransient(Exception failure) => false;
}
