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
}
