using AlatauPay.Api.Auth;
using AlatauPay.Application.Access;
using AlatauPay.Application.Common;
using AlatauPay.Application.Webhooks;
using AlatauPay.Application.Webhooks.Create;
using AlatauPay.Application.Webhooks.Deliveries;
using AlatauPay.Application.Webhooks.Manage;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlatauPay.Api.Endpoints;

public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder v1)
    {
        var webhooks = v1.MapGroup("/webhooks").WithTags("Webhooks").RequireScope(Scopes.WebhooksManage);
        webhooks.MapPost("/", CreateAsync).WithName("CreateWebhook").ProducesProblem(400);
        webhooks.MapGet("/", ListAsync).WithName("ListWebhooks").ProducesProblem(400);
        webhooks.MapGet("/{id}", GetAsync).WithName("GetWebhook").ProducesProblem(404);
        webhooks.MapDelete("/{id}", DeleteAsync).WithName("DeleteWebhook").ProducesProblem(404);
        webhooks.MapPost("/{id}/rotate-secret", RotateAsync).WithName("RotateWebhookSecret").ProducesProblem(404);
        webhooks.MapPost("/{id}/enable", EnableAsync).WithName("EnableWebhook").ProducesProblem(404);
        webhooks.MapGet("/{id}/deliveries", ListDeliveriesAsync).WithName("ListWebhookDeliveries").ProducesProblem(400).ProducesProblem(404);
        webhooks.MapPost("/{id}/deliveries/{deliveryId}/redeliver", RedeliverAsync).WithName("RedeliverWebhook").ProducesProblem(404);
        return v1;
    }

    private static async Task<Created<WebhookView>> CreateAsync(CreateWebhookCommand command, IMediator mediator, CancellationToken cancellationToken)
    {
        var webhook = await mediator.Send(command, cancellationToken);
        return TypedResults.Created($"/v1/webhooks/{webhook.Id}", webhook);
    }

    private static async Task<Ok<PageView<WebhookView>>> ListAsync(
        IMediator mediator, CancellationToken cancellationToken, string? limit = null, string? startingAfter = null) =>
        TypedResults.Ok(await mediator.Send(new ListWebhooksQuery(limit, startingAfter), cancellationToken));

    private static async Task<Ok<WebhookView>> GetAsync(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetWebhookQuery(id), cancellationToken));

    private static async Task<Ok<WebhookView>> DeleteAsync(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new DeleteWebhookCommand(id), cancellationToken));

    private static async Task<Ok<WebhookView>> RotateAsync(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new RotateWebhookSecretCommand(id), cancellationToken));

    private static async Task<Ok<WebhookView>> EnableAsync(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new EnableWebhookCommand(id), cancellationToken));

    private static async Task<Ok<PageView<DeliveryView>>> ListDeliveriesAsync(
        string id, IMediator mediator, CancellationToken cancellationToken, string? limit = null, string? startingAfter = null) =>
        TypedResults.Ok(await mediator.Send(new ListDeliveriesQuery(id, limit, startingAfter), cancellationToken));

    private static async Task<Accepted<DeliveryView>> RedeliverAsync(string id, string deliveryId, IMediator mediator, CancellationToken cancellationToken)
    {
        var delivery = await mediator.Send(new RedeliverCommand(id, deliveryId), cancellationToken);
        return TypedResults.Accepted($"/v1/webhooks/{id}/deliveries", delivery);
    }
}
