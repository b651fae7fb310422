using AlatauPay.Application.Common;
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
        // The watcher reads blocks above the last one it recorded anyway; a rescan from there would have nothing
        // to do. The stored tip is every instance's truth, whichever of them runs the watcher.
        var tip = await chains.GetTipAsync(command.Chain, cancellationToken);
        if (tip is null || command.FromHeight > tip.Height)
        {
            throw new RequestInvalidException("fromHeight", "rescan-height-invalid", tip is null
                ? $"The {command.Chain} watcher has processed no block yet; there is nothing to scan again."
                : $"fromHeight is at most {tip.Height}, the last block the {command.Chain} watcher processed; blocks above it are read anyway.");
        }

        await chains.RequestRescanAsync(command.Chain, command.FromHeight, cancellationToken);
        return command.FromHeight;
    }
}

/// <summary>
/// The watcher processed again the blocks of a rescan below <paramref name="Next"/> (all of them when it is null).
/// The request keeps its place until it is done, so a poll that fails or stops halfway leaves the rest for the
/// next one; false when a request for a lower height came in meanwhile.
/// </summary>
public sealed record AdvanceRescanCommand(string Chain, long From, long? Next) : ICommand<bool>;

public sealed class AdvanceRescanHandler(IChainStore chains) : ICommandHandler<AdvanceRescanCommand, bool>
{
    public async ValueTask<bool> Handle(AdvanceRescanCommand command, CancellationToken cancellationToken) =>
        await chains.AdvanceRescanRequestAsync(command.Chain, command.From, command.Next, cancellationToken);
}
