using AlatauPay.Application.Access;
using AlatauPay.Application.Ports;
using Mediator;
using Microsoft.Extensions.Options;

namespace AlatauPay.Application.Webhooks.Manage;

/// <summary>Deletes the endpoint: nothing more is delivered to it, and it leaves the lists.</summary>
public sealed record DeleteWebhookCommand(string Id) : ICommand<WebhookView>;

/// <summary>A new signing secret, returned once; the old one keeps signing beside it for the overlap.</summary>
public sealed record RotateWebhookSecretCommand(string Id) : ICommand<WebhookView>;

/// <summary>Turns a disabled endpoint back on, with a clean failure record; events meanwhile are in <c>/v1/events</c>.</summary>
public sealed record EnableWebhookCommand(string Id) : ICommand<WebhookView>;

public sealed class WebhookCommandHandlers(IWebhookStore store, Caller caller, IOptions<WebhookOptions> options, TimeProvider clock) :
    ICommandHandler<DeleteWebhookCommand, WebhookView>,
    ICommandHandler<RotateWebhookSecretCommand, WebhookView>,
    ICommandHandler<EnableWebhookCommand, WebhookView>
{
    public async ValueTask<WebhookView> Handle(DeleteWebhookCommand command, CancellationToken cancellationToken)
    {
        var endpoint = await store.FindVisibleAsync(command.Id, caller, cancellationToken) with { Status = "deleted" };
        await store.UpdateEndpointAsync(endpoint, cancellationToken);
        return WebhookView.From(endpoint);
    }

    public async ValueTask<WebhookView> Handle(RotateWebhookSecretCommand command, CancellationToken cancellationToken)
    {
        var endpoint = await store.FindVisibleAsync(command.Id, caller, cancellationToken);
        var rotated = endpoint with
        {
            Secret = WebhookSignature.NewSecret(),
            PreviousSecret = endpoint.Secret,
            PreviousSecretUntil = clock.GetUtcNow() + options.Value.RotationOverlap,
        };
        await store.UpdateEndpointAsync(rotated, cancellationToken);
        return WebhookView.From(rotated) with { Secret = rotated.Secret };
    }

    public async ValueTask<WebhookView> Handle(EnableWebhookCommand command, CancellationToken cancellationToken)
    {
        var endpoint = await store.FindVisibleAsync(command.Id, caller, cancellationToken) with
        {
            Status = "enabled",
            DisabledReason = null,
            FailingSince = null,
        };
        await store.UpdateEndpointAsync(endpoint, cancellationToken);
        return WebhookView.From(endpoint);
    }
}
