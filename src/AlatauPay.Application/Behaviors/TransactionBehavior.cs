using AlatauPay.Application.Ports;
using Mediator;

namespace AlatauPay.Application.Behaviors;

/// <summary>
/// Innermost step for commands: the handler's writes, ledger entries and outbox events commit together,
/// or are all rolled back. Queries read without a transaction. When this step owns the transaction, a
/// transient failure (a deadlock, a serialization failure) runs the whole handler again in a fresh one.
/// </summary>
public sealed class TransactionBehavior<TMessage, TResponse>(IUnitOfWork unitOfWork)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (unitOfWork.InTransaction)
        {
            return await next(message, cancellationToken);
        }

        return await TransientRetry.RunAsync(unitOfWork, () => RunOnceAsync(message, next, cancellationToken), cancellationToken);
    }

    private async ValueTask<TResponse> RunOnceAsync(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        await unitOfWork.BeginAsync(cancellationToken);
        try
        {
            var response = await next(message, cancellationToken);
            await unitOfWork.CommitAsync(cancellationToken);
            return response;
        }
        catch
        {
            await unitOfWork.RollbackAsync(CancellationToken.None);
            throw;
        }
    }
}
