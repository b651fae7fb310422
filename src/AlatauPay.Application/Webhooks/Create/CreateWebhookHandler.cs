using AlatauPay.Application.Access;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using Mediator;

namespace AlatauPay.Application.Webhooks.Create;

public sealed class CreateWebhookHandler(IWebhookStore store, IDepartmentRepository registry, Caller caller, TimeProvider clock)
    : ICommandHandler<CreateWebhookCommand, WebhookView>
{
    public async ValueTask<WebhookView> Handle(CreateWebhookCommand command, CancellationToken cancellationToken)
    {
        var departments = await DepartmentFilter.ResolveAsync(command.Departments, caller, registry, cancellationToken);
        var endpoint = new WebhookEndpoint(
            RandomToken.New("whk_"),
            new Uri(command.Url!, UriKind.Absolute),
            [.. command.EventTypes!],
            departments,
            WebhookSignature.NewSecret(),
            null,
            null,
            "enabled",
            null,
            null,
            clock.GetUtcNow());
        await store.AddEndpointAsync(endpoint, cancellationToken);
        return WebhookView.From(endpoint) with { Secret = endpoint.Secret };
    }
}
