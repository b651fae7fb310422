using AlatauPay.Application.Ports;
using AlatauPay.Domain.Invoices;
using Mediator;

namespace AlatauPay.Application.Chains.Blocks;

/// <summary>The watcher processed a block on top of its tip: record it and the payments in it.</summary>
public sealed record ConnectBlockCommand(string Chain, ChainBlock Block) : ICommand<IReadOnlyList<InvoiceId>>;

public sealed class ConnectBlockHandler(IChainStore chains, TimeProvider clock) : ICommandHandler<ConnectBlockCommand, IReadOnlyList<InvoiceId>>
{
    public async ValueTask<IReadOnlyList<InvoiceId>> Handle(ConnectBlockCommand command, CancellationToken cancellationToken) =>
        await chains.ConnectBlockAsync(command.Chain, command.Block, clock.GetUtcNow(), cancellationToken);
}

/// <summary>A reorg took the block out of the best chain: it stays on record, orphaned.</summary>
public sealed record DisconnectBlockCommand(string Chain, string Hash) : ICommand<IReadOnlyList<InvoiceId>>;

public sealed class DisconnectBlockHandler(IChainStore chains) : ICommandHandler<DisconnectBlockCommand, IReadOnlyList<InvoiceId>>
{
    public async ValueTask<IReadOnlyList<InvoiceId>> Handle(DisconnectBlockCommand command, CancellationToken cancellationToken) =>
        await chains.DisconnectBlockAsync(command.Chain, command.Hash, cancellationToken);
}

/// <summary>What the node's mempool holds now for the watched destinations.</summary>
public sealed record RecordMempoolCommand(string Chain, MempoolView Mempool, bool Complete) : ICommand<IReadOnlyList<InvoiceId>>;

public sealed class RecordMempoolHandler(IChainStore chains, TimeProvider clock) : ICommandHandler<RecordMempoolCommand, IReadOnlyList<InvoiceId>>
{
    public async ValueTask<IReadOnlyList<InvoiceId>> Handle(RecordMempoolCommand command, CancellationToken cancellationToken) =>
        await chains.RecordMempoolAsync(command.Chain, command.Mempool, command.Complete, clock.GetUtcNow(), cancellationToken);
}

/// <summary>An operator asks the watcher to process blocks again from a height; processing is idempotent.</summary>
public sealed record RequestRescanCommand(string Chain, long FromHeight) : ICommand<long>;

public sealed class RequestRescanHandler(IChainStore chains) : ICommandHandler<RequestRescanCommand, long>
{
    public async ValueTask<long> Handle(RequestRescanCommand command, CancellationToken cancellationToken)
    {
        await chains.RequestRescanAsync(command.Chain, command.FromHeight, cancellationToken);
        return command.FromHeight;
    }
}

/// <summary>The watcher takes a pending rescan request, if any.</summary>
public sealed record TakeRescanCommand(string Chain) : ICommand<long?>;

public sealed class TakeRescanHandler(IChainStore chains) : ICommandHandler<TakeRescanCommand, long?>
{
    public async ValueTask<long?> Handle(TakeRescanCommand command, CancellationToken cancellationToken) =>
        await chains.TakeRescanRequestAsync(command.Chain, cancellationToken);
}
