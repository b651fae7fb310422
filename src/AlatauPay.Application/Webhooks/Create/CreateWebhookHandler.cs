using AlatauPay.Application.Access;
using AlatauPay.Application.Common;
using AlatauPay.Application.Ports;
using Mediator;

namespace AlatauPay.Application.Webhooks.Create;

public sealed class CreateWebhookHandler(IWebhookStore store, Caller caller, TimeProvider clock)
    : ICommandHandler<CreateWebhookCommand, WebhookView>
{
    public async ValueTask<WebhookView> Handle(CreateWebhookCommand command, CancellationToken cancellationToken)
    {
        var departments = command.Departments?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (caller.Departments is not null)
        {
            departments ??= [.. caller.Departments.Order(StringComparer.Ordinal)];
            for (var i = 0; i < departments.Count; i++)
            {
                caller.EnsureMayAccess(departments[i], $"departments[{i}]");
            }
        }

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
