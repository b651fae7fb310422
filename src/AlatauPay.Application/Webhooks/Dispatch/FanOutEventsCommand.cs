using AlatauPay.Application.Ports;
using Mediator;

namespace AlatauPay.Application.Webhooks.Dispatch;

/// <summary>Turns new outbox events into pending deliveries, in one transaction with the cursor that remembers how far it got.</summary>
public sealed record FanOutEventsCommand(int Batch = 500) : ICommand<int>;

public sealed class FanOutEventsHandler(IWebhookStore store, TimeProvider clock) : ICommandHandler<FanOutEventsCommand, int>
{
    public async ValueTask<int> Handle(FanOutEventsCommand command, CancellationToken cancellationToken) =>
        await store.FanOutAsync(command.Batch, clock.GetUtcNow(), cancellationToken);
}
